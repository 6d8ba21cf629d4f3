// Builds the Teams app package (`npm run package`): fills the manifest template's `${{NAME}}`
// placeholders from the environment (package-env.ts), validates the result with @microsoft/app-manifest's
// schema validator (manifest-schema.ts) plus the rules Teams' own validation adds (manifest-checks.ts,
// icons.ts), then zips manifest.json, color.png and outline.png into
// appPackage/build/appPackage.<env>.zip.
//
// The <env> in the file name is `--env NAME`, else APP_ENV, else "production" or "dev". With
// `--env NAME` the values are also read from the Agents Toolkit's env/.env.NAME and
// env/.env.NAME.user (the same files `atk provision` fills), and a variable set in the
// environment wins over both, so `npm run package -- --env dev` builds what the toolkit builds.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { checkIcons } from './icons.ts';
import { checkManifestRules, renderManifest } from './manifest-checks.ts';
import { validateManifestSchema } from './manifest-schema.ts';
import { PackageError } from './package-error.ts';
import { mergeEnv, packageEnvName, readEnvFiles, resolvePackageEnv, type Env } from './package-env.ts';

export const APP_PACKAGE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const TEMPLATE_PATH = path.join(APP_PACKAGE_DIR, 'manifest.json');
export const DEFAULT_OUT_DIR = path.join(APP_PACKAGE_DIR, 'build');
/** The files at the root of the zip, besides manifest.json. */
export const ICON_FILES = ['color.png', 'outline.png'] as const;

export interface BuildOptions {
  env: Env;
  /** The <env> in appPackage.<env>.zip; defaults to packageEnvName(env). */
  envName?: string;
  outDir?: string;
  templatePath?: string;
  /** Where color.png and outline.png are; defaults to the template's folder. */
  iconsDir?: string;
  /** Told each warning as soon as it is known (before any error). */
  onWarning?: (warning: string) => void;
}

export interface BuildResult {
  zipPath: string;
  manifest: Record<string, unknown>;
  warnings: string[];
}

/** A fixed time stamp for the zip entries, so the same inputs give the same bytes. */
const ZIP_DATE = new Date(Date.UTC(2020, 0, 1));

export async function buildPackage(options: BuildOptions): Promise<BuildResult> {
  const templatePath = options.templatePath ?? TEMPLATE_PATH;
  const iconsDir = options.iconsDir ?? path.dirname(templatePath);
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const envName = options.envName ?? packageEnvName(options.env);

  const { values, warnings } = resolvePackageEnv(options.env);
  for (const w of warnings) options.onWarning?.(w);
  let template: unknown;
  try {
    template = JSON.parse(await readFile(templatePath, 'utf8'));
  } catch (e) {
    throw new PackageError([`${templatePath}: ${(e as Error).message}`]);
  }
  const manifest = renderManifest(template, values);
  const [color, outline] = await Promise.all(ICON_FILES.map((f) => readFile(path.join(iconsDir, f))));
  const errors = [
    ...(await validateManifestSchema(manifest)),
    ...checkManifestRules(manifest),
    ...checkIcons({ color: color!, outline: outline! }),
  ];
  if (errors.length) throw new PackageError(errors);

  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2) + '\n', { date: ZIP_DATE });
  zip.file('color.png', color!, { date: ZIP_DATE });
  zip.file('outline.png', outline!, { date: ZIP_DATE });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  await mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${envName}.zip`);
  await writeFile(zipPath, bytes);
  return { zipPath, manifest, warnings };
}

/** Lists the names at the root of a package zip (for checks and tests). */
export async function readPackage(zipBytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(zipBytes);
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files))
    if (!entry.dir) files.set(entry.name, await entry.async('nodebuffer'));
  return files;
}

async function main(): Promise<number> {
  try {
    const argv = process.argv.slice(2);
    const envName = packageEnvName(process.env, argv);
    let env: Env = process.env;
    if (argv.includes('--env')) {
      const { values, files } = readEnvFiles(envName);
      if (files.length)
        console.log(`values from ${files.map((f) => path.relative(process.cwd(), f)).join(' and ')}`);
      else console.warn(`warning: no env/.env.${envName}: using the environment only`);
      env = mergeEnv(values, process.env);
    }
    const { zipPath, manifest } = await buildPackage({
      env,
      envName,
      onWarning: (w) => console.warn(`warning: ${w}`),
    });
    const files = [...(await readPackage(await readFile(zipPath))).keys()].join(', ');
    console.log(
      `Teams app package: ${path.relative(process.cwd(), zipPath)} (manifest ${String(manifest.manifestVersion)}, valid; ${files})`,
    );
    return 0;
  } catch (e) {
    if (e instanceof PackageError) {
      console.error(
        `Teams app package not built: ${e.errors.length} error${e.errors.length === 1 ? '' : 's'}`,
      );
      for (const err of e.errors) console.error(`  - ${err}`);
      return 1;
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
