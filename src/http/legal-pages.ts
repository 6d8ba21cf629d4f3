// The pages the Teams manifest links to (developer.privacyUrl, termsOfUseUrl, websiteUrl): the
// council's own privacy notice and terms of use, read once at start from files the council edits.
// Shipped defaults (beside this file) say plainly that they are the defaults, so a council that
// has not yet replaced them is never presented as having done so.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../config.ts';

export const defaultPrivacyNoticeFile = fileURLToPath(new URL('./legal/privacy-notice.md', import.meta.url));
export const defaultTermsOfUseFile = fileURLToPath(new URL('./legal/terms-of-use.md', import.meta.url));

/** The manifest's developer.name allows 32 characters; the same name is shown on the pages. */
export const PUBLISHER_NAME_MAX = 32;

export const LegalPagesEnvSchema = z.object({
  /** Who publishes the app in the council's tenant (the manifest's developer.name). */
  PUBLISHER_NAME: z.string().trim().min(1).max(PUBLISHER_NAME_MAX).optional(),
  /** The council's privacy notice (the Markdown subset of legal-text.ts); the shipped default otherwise. */
  PRIVACY_NOTICE_FILE: z.string().min(1).optional(),
  /** The council's terms of use; the shipped default otherwise. */
  TERMS_OF_USE_FILE: z.string().min(1).optional(),
});

export interface LegalDocument {
  /** The text as the council wrote it (legal-text.ts renders it). */
  source: string;
  /** Where it was read from, for the start-up log. */
  file: string;
  /** True while the council has not replaced the text shipped with CP Disputes. */
  shippedDefault: boolean;
}

export interface LegalPages {
  publisher: string;
  /** False while PUBLISHER_NAME is unset, so the pages do not name a council that was never configured. */
  publisherConfigured: boolean;
  privacy: LegalDocument;
  terms: LegalDocument;
}

/** Used on the pages while PUBLISHER_NAME is unset. */
export const UNCONFIGURED_PUBLISHER = 'the council';

function readDocument(given: string | undefined, shipped: string, variable: string): LegalDocument {
  const file = given ?? shipped;
  try {
    const source = readFileSync(file, 'utf8');
    if (!source.trim()) throw new ConfigError(`${variable}: ${file} is empty.`);
    return { source, file, shippedDefault: given === undefined };
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    // A configured notice that cannot be read stops the start: serving the shipped default in its
    // place would tell people something the council did not write.
    throw new ConfigError(
      `${variable}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
}

export function loadLegalPages(env: Record<string, string | undefined>): LegalPages {
  const parsed = LegalPagesEnvSchema.safeParse(env);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const e = parsed.data;
  return {
    publisher: e.PUBLISHER_NAME ?? UNCONFIGURED_PUBLISHER,
    publisherConfigured: e.PUBLISHER_NAME !== undefined,
    privacy: readDocument(e.PRIVACY_NOTICE_FILE, defaultPrivacyNoticeFile, 'PRIVACY_NOTICE_FILE'),
    terms: readDocument(e.TERMS_OF_USE_FILE, defaultTermsOfUseFile, 'TERMS_OF_USE_FILE'),
  };
}
