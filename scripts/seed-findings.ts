// Regenerates docs/seed-findings.md (run: npm run seed-findings). Reports findings without commentary.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSeedFindings, SEED_COMMENTARY, SEED_FINDINGS_DOC } from './seedFindings';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const report = renderSeedFindings(root);
fs.writeFileSync(path.join(root, SEED_FINDINGS_DOC), report.markdown);
console.log(`${SEED_FINDINGS_DOC} written.`);
if (report.uncommented.length > 0) {
  console.warn(`${report.uncommented.length} finding(s) have no commentary yet; add them to ${SEED_COMMENTARY}:\n  ${report.uncommented.join('\n  ')}`);
}
if (report.stale.length > 0) {
  console.warn(`${report.stale.length} commented finding(s) are not reported (listed as expected in the doc):\n  ${report.stale.join('\n  ')}`);
}
