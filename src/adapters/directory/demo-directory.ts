// The demo council's directory file (Northmoor Borough Council, fictional), beside this file: the
// embedded default, with someone in every role every built-in protocol needs.
import { fileURLToPath } from 'node:url';

export const demoDirectoryPath = fileURLToPath(new URL('./demo-directory.yaml', import.meta.url));
