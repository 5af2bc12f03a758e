/**
 * What a secret looks like in a Dockerfile: variable names (`HF_TOKEN`, `WANDB_API_KEY`,
 * `AWS_SECRET_ACCESS_KEY`, `DB_PASSWORD`) and values with a known token format (Hugging Face
 * `hf_…`, OpenAI `sk-…`, GitHub `ghp_…`, AWS `AKIA…`). Names are compared word by word (split on
 * `_`), so `TOKENIZERS_PARALLELISM` and `MAX_TOKENS` are not secrets, and names that point to a
 * secret rather than hold it (`HF_TOKEN_PATH`, `DB_PASSWORD_FILE`, `HF_HUB_DISABLE_IMPLICIT_TOKEN`)
 * are not either.
 */
const SECRET_WORDS = new Set(['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'APIKEY', 'PAT']);
const SECRET_PAIRS = [['API', 'KEY'], ['PRIVATE', 'KEY'], ['ACCESS', 'KEY'], ['SECRET', 'KEY'], ['AUTH', 'KEY'], ['CLIENT', 'SECRET'], ['STORAGE', 'KEY'], ['ACCOUNT', 'KEY']];
/** Well-known secret variables whose names the word rules miss. */
const SECRET_NAMES = new Set(['KAGGLE_KEY', 'NGC_API_KEY', 'HUGGINGFACEHUB_API_TOKEN', 'AZURE_STORAGE_CONNECTION_STRING']);
/** Last words that make the variable a reference to a secret, a setting about it, or an identifier. */
const NOT_SECRET_SUFFIX = new Set(['FILE', 'PATH', 'DIR', 'NAME', 'ID', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'LENGTH', 'LEN',
  'LIMIT', 'LIMITS', 'COUNT', 'SIZE', 'TTL', 'TIMEOUT', 'EXPIRY', 'EXPIRES', 'TYPE', 'HEADER', 'MODE', 'VERSION', 'FORMAT',
  'ALGORITHM', 'KIND', 'PREFIX', 'REGION', 'ENABLED', 'REQUIRED', 'POLICY', 'LOCATION', 'ROLE', 'USER', 'USERNAME', 'ARN']);
/** Words that make the variable a switch (`HF_HUB_DISABLE_IMPLICIT_TOKEN`, `NO_TOKEN`). */
const SWITCH_WORDS = new Set(['DISABLE', 'DISABLED', 'ENABLE', 'ENABLED', 'NO', 'USE', 'REQUIRE', 'REQUIRED', 'SKIP', 'IMPLICIT']);

export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (SECRET_NAMES.has(upper)) return true;
  const words = upper.split(/_+/).filter(Boolean);
  if (words.length === 0) return false;
  if (NOT_SECRET_SUFFIX.has(words.at(-1)!) && words.length > 1) return false;
  if (words.some((w) => SWITCH_WORDS.has(w))) return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return !(words.length === 1 && words[0] === 'PAT');
  return SECRET_PAIRS.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b));
}

const TOKEN_FORMATS: readonly RegExp[] = [
  /\bhf_[A-Za-z0-9]{30,}\b/, // Hugging Face
  /\bsk-(proj-|ant-)?[A-Za-z0-9_-]{20,}/, // OpenAI, Anthropic
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{40,}/,
  /\bglpat-[A-Za-z0-9_-]{20,}/, // GitLab
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key ID
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/, // Slack
  /\bAIza[0-9A-Za-z_-]{35}\b/, // Google API key
  /\bnpm_[A-Za-z0-9]{36}\b/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

/** True when the value has the format of a known access token or key. */
export function looksLikeToken(value: string): boolean {
  return TOKEN_FORMATS.some((re) => re.test(value));
}

/** Values that are clearly not a secret: empty, booleans, numbers, file paths. */
export function isHarmlessValue(value: string): boolean {
  const v = value.trim();
  return v === '' || /^(true|false|yes|no|on|off|0|1|none|null)$/i.test(v) || /^\d+$/.test(v) || /^(\/|~\/|\.\/)/.test(v);
}
