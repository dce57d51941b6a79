// Credentials. Prefixed tokens are matched by their published prefixes and alphabets; unprefixed ones
// (AWS secret keys, generic passwords, random tokens) only next to a key name that says what they are.
// Confidence orders overlaps: `api_key=sk-proj-…` is reported as OPENAI_API_KEY, not PASSWORD.
import type { Detector } from './detector.js';
import { BLANK, DECOR, GAP, GAPS, labelJoin, NOTE, SECRET_CELL, YAML_BLOCK } from './labels.js';
import { looksRandom } from './validators.js';
import { isJwt } from './validators-jwt.js';

/** After a key: optional closing quote or Markdown emphasis, `:`/`=`/`:=`/`=>`, optional opening quote. */
// The block first: after `key: ` a `|` would otherwise be taken for the value.
const SEP = `(?:${YAML_BLOCK}|${NOTE}${DECOR}${BLANK}*(?::=|=>|[:=])|${SECRET_CELL})${BLANK}*${DECOR}${BLANK}*`;
const END = '(?![A-Za-z0-9_-])';
/**
 * A key named apart from its value: the `value` of a name/value entry, after a quote, a comma, blanks or a
 * line break (`- name: DB_PASSWORD⏎  value: …` in a Kubernetes env list, `{"name": "DB_PASSWORD", "value": "…"}`,
 * `<add key="ApiKey" value="…"/>`, `<property name="password" value="…"/>`), or an XML element's text
 * (`<password>…</password>`, Java's `<entry key="db.password">…</entry>`). Only after a key that ends where its
 * label ending does (no suffix): the feature pass then sees the key's word, and the `:` / `=` after `value` or the
 * `>` as the assignment.
 */
const PAIRED = `(?:(?:["']?,?[ \\t]+|["'],?[ \\t]*|["']?,?[ \\t]*\\r?\\n[ \\t]*-?[ \\t]*)["']?value["']?${BLANK}*[:=]${BLANK}*["']?|(?:(?<=\\bkey=["'][^"'<>\\n]{0,60})["'])?>(?=[^<\\n]{1,256}<\\/))`;

/** Values that are placeholders or prose, not credentials. */
const NOT_A_SECRET = new Set([
  'null', 'none', 'nil', 'true', 'false', 'undefined', 'required', 'optional', 'string', 'redacted', 'masked',
  'changeme', 'the', 'your', 'is', 'was', 'and', 'for', 'click', 'please', 'reset', 'here', 'expired', 'invalid',
  'incorrect', 'missing', 'updated', 'changed', 'must', 'should', 'will', 'has', 'not', 'empty', 'hidden', 'secret',
  'password', 'env', 'value', 'yes', 'no',
  // Prose after a `Passwords:` heading or a sentence's colon (`passwords: use 12+ characters`).
  'use', 'must', 'at', 'are', 'be', 'include', 'contain', 'have', 'enter', 'choose', 'never', 'always', 'see', 'tbd', 'n/a', 'unknown',
]);

function plausibleSecretValue(v: string): boolean {
  if (v.length < 3 || NOT_A_SECRET.has(v.toLowerCase())) return false;
  // Already masked, templated or referenced elsewhere: ****, [EMAIL], ${VAR}, {{ x }}, <password>.
  return !/^(?:\*+|x{3,}|\[[A-Z_]+(?::[0-9a-f]+)?\]|\$\{.*|\{\{.*|<[^>]*>?|%\(.*|\$[A-Z_]+)$/i.test(v);
}

/**
 * Code that names where a secret comes from, not the secret: a call or an index (`getenv("DB_PASSWORD")`,
 * `os.environ["…"]`, `config.get(…)`), a dotted path through a settings object or to a variable named
 * for the secret (`process.env.DB_PASSWORD`, `settings.SECRET_KEY`, `self.password`), a YAML tag
 * (`!vault |`, `!Ref DbPassword`). Agents read and write source code; masking it would break the code.
 * Paths hold no digit (`my.Secret.Pass1` is a password); tags are the known ones (`!hbi_lUOq` is a password).
 */
const DOTTED_PATH = /^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z_$]*)+$/;
const SETTINGS_OBJECT = /(?:^|\.)(?:env|environ|config|conf|cfg|settings|secrets|vault|params|options|opts|args|props|properties|credentials|creds|self|this|process|os|system|app|ctx|context|values|vars|data|req|request|body)\./i;
/** A last path segment whose last word (snake_case, camelCase or UPPER_CASE) names a secret: `DB_PASSWORD`, `apiKey`; not `monkey`. */
const NAMED_FOR_SECRET =
  /\.(?:[A-Za-z$]*(?:_|[a-z](?=[A-Z])))?(?:pass(?:word|wd|phrase)?|Pass(?:word|wd|phrase)?|PASS(?:WORD|WD|PHRASE)?|pwd|PWD|secret|Secret|SECRET|key|Key|KEY|token|Token|TOKEN|credentials?|Credentials?|CREDENTIALS?)$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
/** Functions that fetch a secret by name (a bare name before `(`: `S3cret(1)` is a password). */
const GETTER = /^(?:(?:get|read|load|fetch|lookup|decrypt|resolve)[\w$]*|env|environ|require|secret|vault)$/i;
/** YAML tags that fetch or build a value elsewhere (Ansible, CloudFormation, Home Assistant, ESPHome). */
const YAML_TAG = /^!(?:vault|Ref|Sub|GetAtt|ImportValue|FindInMap|Join|Select|Base64|If|secret|env_var|include|input|lambda|encrypted)$/;
/** Whether the value text[start, end) (v) is such code. */
function codeReference(v: string, text: string, end: number): boolean {
  let next = text.charCodeAt(end);
  // The value may hold the `(` or `[` that opens the call or index (`getenv(`, `os.environ[`).
  if (v.endsWith('(') || v.endsWith('[')) {
    next = v.charCodeAt(v.length - 1);
    v = v.slice(0, -1);
    end--;
  }
  if (next === 40) return IDENTIFIER.test(v) && (v.includes('.') || GETTER.test(v));
  // An index by a quoted name: `os.environ["DB_PASSWORD"]`, `ENV['TOKEN']`, `secrets["db"]`.
  if (next === 91) return IDENTIFIER.test(v) && /["']/.test(text[end + 1] ?? '');
  if (DOTTED_PATH.test(v)) return SETTINGS_OBJECT.test(v) || NAMED_FOR_SECRET.test(v);
  return YAML_TAG.test(v) && (end >= text.length || /\s/.test(text[end]!));
}

/**
 * A password told in prose or on a command line (`my password is hunter22`, `--password hunter22`,
 * `the password for root: Xy7!pQ`, `mit Kennwort "Sommer2024"`). Without a `key=value` shape the value
 * must look like one: quoted, or at least 6 characters with a digit, a symbol or inner capitals, so
 * `the password is required` or `password manager` stay.
 */
const PROSE_PASSWORD_KEY = 'password|passphrase|passwort|kennwort|contraseña|mot de passe|wachtwoord|senha|palavra-passe';
/** `for the admin account` between the word and the value. */
const PROSE_PASSWORD_FOR = `(?:[ \\t]+(?:for|of|to|on)(?:[ \\t]+[^\\s:=,.;!?"']{1,40}){1,4}?)`;
const PROSE_PASSWORD_VERB = '(?:(?:is |was |has been )?(?:set|changed|reset|updated) to|is|was|remains|will be|would be|ist|war|lautet|es|era|est|était)\\b|[èé](?= )';
const PROSE_PASSWORD = new RegExp(
  `\\b(?:${PROSE_PASSWORD_KEY})(?:${PROSE_PASSWORD_FOR}?(?:[ \\t]+(?:${PROSE_PASSWORD_VERB})[ \\t]*[:=]?|${BLANK}*[:=])${BLANK}*|[ \\t]+)["“‘']?` +
    `(?<v>(?<=["“‘'])[^"”’'\\n]{1,128}(?=["”’'])|[^\\s"'“”‘’]{1,128})`,
  'gi',
);

function prosePassword(v: string, text: string, start: number): boolean | readonly [number, number] {
  if (start > 0 && /["“‘']/.test(text[start - 1]!)) return v.trim().length >= 4 && plausibleSecretValue(v.trim());
  // A sentence's punctuation after the value is not part of it.
  const end = v.length - (/[.,;:!?)\]}>]+$/.exec(v)?.[0].length ?? 0);
  const w = v.slice(0, end);
  // `Password (temporary): …`: a note in brackets, not the password (password-assignment takes the value).
  if (w.startsWith('(') && v.includes(')')) return false;
  if (w.length < 6 || w.startsWith('-') || w.includes('://') || !plausibleSecretValue(w) || codeReference(w, text, start + end)) return false;
  if (!/\d|[^\p{L}\p{N}]|\p{Ll}\p{Lu}/u.test(w)) return false;
  return end === v.length ? true : [0, end];
}

/** Kubernetes Secret manifests: every value under `data:`/`stringData:` of a `kind: Secret` (YAML or JSON). */
/** A Cookie or Set-Cookie header (`curl -v` prints both), or a `cookie` key. */
const COOKIE_HEADER = /\b(?:set-)?cookie["']?[ \t]*:[ \t]*["']?/gi;

/**
 * The session and auth values of cookie headers: each `name=value` starting within 40 characters of the
 * header (as near as other labels: the stream masker keeps 128 characters of left context) whose value is
 * 16+ cookie characters (no blank or comma: `Expires=Wed, 21 Oct …` is an attribute) and random once its
 * %-escapes are dropped (`sid=s%3AJ8fK2m…`). `theme=dark`, `Path=/`, `Max-Age=3600` stay.
 */
function scanCookies(text: string, emit: (s: number, e: number) => void): void {
  COOKIE_HEADER.lastIndex = 0;
  while (COOKIE_HEADER.exec(text) !== null) {
    const from = COOKIE_HEADER.lastIndex;
    // The rest of the line, at most a cookie's 4 KB past the pairs looked at: no scan runs further.
    const limit = Math.min(text.length, from + 40 + 4096);
    let lineEnd = from;
    while (lineEnd < limit && text.charCodeAt(lineEnd) !== 10) lineEnd++;
    // name=value pairs split at ';'.
    let eq = -1;
    for (let i = from; i <= lineEnd; i++) {
      const c = i < lineEnd ? text.charCodeAt(i) : 59;
      if (c === 61 && eq === -1) eq = i;
      else if (c === 59) {
        if (eq !== -1 && eq < from + 40) cookieValue(text, eq + 1, i, emit);
        eq = -1;
        if (i + 1 >= from + 40) break;
      }
    }
    COOKIE_HEADER.lastIndex = lineEnd;
  }
}

function cookieValue(text: string, vs: number, ve: number, emit: (s: number, e: number) => void): void {
  while (vs < ve && (text[vs] === ' ' || text[vs] === '"')) vs++;
  while (ve > vs && (text[ve - 1] === ' ' || text[ve - 1] === '"' || text[ve - 1] === "'" || text[ve - 1] === '\r')) ve--;
  const v = text.slice(vs, ve);
  if (v.length < 16 || /[\s,]/.test(v) || WORDY_VALUE.test(v)) return;
  if (looksRandom(v.replace(/%[0-9A-Fa-f]{2}/g, ''))) emit(vs, ve);
}

/** Two lower-case words joined by `-`, `_` or `.`: a preference (`accepted-all-cookies-2024`), not a session. */
const WORDY_VALUE = /(?:^|[-_.])[a-z]{3,}[-_.][a-z]{3,}(?:$|[-_.])/;

function scanKubeSecret(text: string, emit: (s: number, e: number) => void): void {
  // Its values are under `data:` / `stringData:` or JSON's `"data":` (a `kind: Secret` line alone has none).
  if (text.indexOf('ata:') === -1 && text.indexOf('ata"') === -1) return;
  const kind = /["']?kind["']?\s*:\s*["']?Secret\b/g;
  // Overlapping documents are scanned as one: in a long log of many manifests, each `kind:` line's
  // bounds overlap the next one's, and scanning each alone read most of the text twice.
  let from = 0;
  let to = 0;
  let k: RegExpExecArray | null;
  while ((k = kind.exec(text)) !== null) {
    // The document around this `kind:` line: from the previous `---` (YAML) to the next one.
    // Bounded around the match so many manifests in one long text stay linear.
    const lo = Math.max(0, k.index - 4096);
    const hi = Math.min(text.length, k.index + 16384);
    if (k.index < to) {
      // Inside the range so far, which holds no `---` line: the document starts before it and ends at the
      // first `---` from its end (or one straddling it: 3 characters back), or at hi.
      if (hi > to) {
        const at = Math.max(k.index, to - 3);
        const fwd = text.slice(at, hi).indexOf('\n---');
        to = fwd === -1 ? hi : Math.max(to, at + fwd);
      }
      continue;
    }
    const back = text.slice(lo, k.index).lastIndexOf('\n---');
    const fwd = text.slice(k.index, hi).indexOf('\n---');
    const docStart = back === -1 ? lo : lo + back;
    const docEnd = fwd === -1 ? hi : k.index + fwd;
    // Neither range holds a `---` line inside, so neither does their union: it stays one document.
    if (docStart < to) {
      to = Math.max(to, docEnd);
      continue;
    }
    if (to > from) secretDocument(text, from, to, emit);
    from = docStart;
    to = docEnd;
  }
  if (to > from) secretDocument(text, from, to, emit);
}

/** The values under `data:` / `stringData:` (YAML) and `"data": {…}` (JSON) in text[docStart, docEnd). */
function secretDocument(text: string, docStart: number, docEnd: number, emit: (s: number, e: number) => void): void {
  const doc = text.slice(docStart, docEnd);
  const yaml = /^([ \t]*)(?:data|stringData):[ \t]*\r?\n((?:\1[ \t]+[^\n]*\r?\n?)+)/gm;
  let y: RegExpExecArray | null;
  while ((y = yaml.exec(doc)) !== null) {
    const blockStart = docStart + y.index + y[0].length - y[2]!.length;
    const line = /^[ \t]+["']?[\w.-]+["']?:[ \t]*["']?([^\s"'#][^\n"']*?)["']?[ \t]*$/gm;
    let l: RegExpExecArray | null;
    while ((l = line.exec(y[2]!)) !== null) {
      const vEnd = l.index + l[0].length - (l[0].length - l[0].trimEnd().length) - (/["']$/.test(l[0].trimEnd()) ? 1 : 0);
      emit(blockStart + vEnd - l[1]!.length, blockStart + vEnd);
    }
  }
  const json = /"(?:data|stringData)"\s*:\s*\{([^{}]*)\}/g;
  let j: RegExpExecArray | null;
  while ((j = json.exec(doc)) !== null) {
    const objStart = docStart + j.index + j[0].length - 1 - j[1]!.length;
    const pair = /"[^"\\]*"\s*:\s*"([^"\\]*)"/g;
    let p: RegExpExecArray | null;
    while ((p = pair.exec(j[1]!)) !== null) {
      const vEnd = p.index + p[0].length - 1;
      if (p[1]!.length > 0) emit(objStart + vEnd - p[1]!.length, objStart + vEnd);
    }
  }
}

/** Key names of passwords and credentials (password-assignment): with a suffix of letters, or none. */
const PASSWORD_KEYS =
  `pass(?:word|wd|phrase)|secret${GAP}?key|client${GAP}?secret|api${GAP}?(?:key|secret|token)|apikey|access${GAP}?(?:key|token)|private${GAP}?key|auth${GAP}?(?:key|token)`;
const PASSWORD_WORDS = `passwort|kennwort|contraseña|mot${GAPS}de${GAPS}passe|wachtwoord|senha|palavra-passe`;
/** A password: quoted (blanks and all), or up to a blank, a quote or a delimiter (`&` only before another `key=`). */
const PASSWORD_VALUE =
  `(?<=")[^"\\n]{1,256}(?=")|(?<=')[^'\\n]{1,256}(?=')|(?<=[“„])[^”“\\n]{1,256}(?=[”“])|(?<=‘)[^’\\n]{1,256}(?=’)|(?<=«)[^»\\n]{1,256}(?=»)|` +
  `(?:[^\\s"'\`“”‘’„«»,;&<>{}()]|&(?![\\w.-]{1,32}=)){1,256}`;

/** A PEM private key's first line (pem-private-key's header). */
const PEM_PRIVATE_HEADER = /^-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/;

export const SECRET_DETECTORS: Detector[] = [
  {
    id: 'aws-access-key-id', entity: 'AWS_ACCESS_KEY_ID', confidence: 0.99,
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA|APKA)[A-Z2-7]{16}(?![A-Za-z0-9])/g,
  },
  {
    id: 'aws-secret-access-key', entity: 'AWS_SECRET_ACCESS_KEY', confidence: 0.97,
    re: new RegExp(`(?:aws[_ .-]?)?secret[_ .-]?(?:access[_ .-]?)?key(?:[_ .-]?id)?${SEP}(?<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, 'gi'),
  },
  {
    id: 'github-token', entity: 'GITHUB_TOKEN', confidence: 0.99,
    re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
  },
  {
    id: 'gitlab-token', entity: 'GITLAB_TOKEN', confidence: 0.99,
    re: new RegExp(`(?<![A-Za-z0-9_-])(?:glpat|gldt|glrt|glptt|glcbt|glft|glsoat|glagent|gloas)-[A-Za-z0-9_-]{20,64}${END}`, 'g'),
  },
  {
    id: 'slack-token', entity: 'SLACK_TOKEN', confidence: 0.99,
    re: /(?<![A-Za-z0-9])(?:xox[abposer]-[A-Za-z0-9-]{10,250}|xapp-\d-[A-Za-z0-9-]{10,250}|https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+)/g,
  },
  {
    id: 'stripe-key', entity: 'STRIPE_KEY', confidence: 0.99,
    re: new RegExp(`(?<![A-Za-z0-9_])(?:(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,247}|whsec_[A-Za-z0-9]{24,64})${END}`, 'g'),
  },
  {
    id: 'anthropic-key', entity: 'ANTHROPIC_API_KEY', confidence: 0.995,
    re: new RegExp(`(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|sid|oat)\\d{2}-[A-Za-z0-9_-]{20,200}${END}`, 'g'),
  },
  {
    // sk-proj-…, sk-svcacct-…, sk-admin-… and the legacy 48-character keys; sk-ant- is Anthropic's.
    id: 'openai-key', entity: 'OPENAI_API_KEY', confidence: 0.99,
    re: new RegExp(`(?<![A-Za-z0-9_-])sk-(?!ant-)(?:(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,200}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{32,64})${END}`, 'g'),
  },
  {
    // API keys (`AIza…`) and OAuth access tokens (`ya29.…`).
    id: 'google-api-key', entity: 'GOOGLE_API_KEY', confidence: 0.99,
    re: new RegExp(`(?<![A-Za-z0-9_-])(?:AIza[0-9A-Za-z_-]{35}|ya29\\.(?=[0-9A-Za-z_.-]{20})[0-9A-Za-z_-]{1,2048}(?:\\.[0-9A-Za-z_-]{1,2048}){0,4})${END}`, 'g'),
  },
  {
    id: 'npm-token', entity: 'NPM_TOKEN', confidence: 0.99,
    re: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
  },
  {
    // Other services' keys, by their published prefix and shape: Hugging Face, DigitalOcean, PyPI, Docker
    // Hub, Shopify, Grafana, Linear, Postman, New Relic, Databricks, Twilio, Mailgun.
    id: 'api-key-prefixed', entity: 'API_KEY', confidence: 0.97,
    re: new RegExp(
      '(?<![A-Za-z0-9_-])(?:hf_[A-Za-z0-9]{30,40}|do[por]_v1_[a-f0-9]{64}|pypi-AgE[A-Za-z0-9_-]{50,}|dckr_pat_[A-Za-z0-9_-]{27,}|' +
        'shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2}|lin_api_[A-Za-z0-9]{40}|' +
        `PMAK-[a-f0-9]{24}-[a-f0-9]{34}|NRAK-[A-Z0-9]{27}|dapi[a-f0-9]{32}(?:-\\d)?|SK[0-9a-fA-F]{32}|key-[0-9a-zA-Z]{32})${END}`,
      'g',
    ),
  },
  {
    // Keys that are not one token run: SendGrid `SG.x.y`, HashiCorp Vault `hvs.…`, Doppler `dp.st.…`, a
    // Telegram bot token (`123456789:AA…`, the bot's id and 35 characters), a Discord webhook URL.
    id: 'api-key-dotted', entity: 'API_KEY', confidence: 0.97,
    re: new RegExp(
      `(?<![A-Za-z0-9_.-])(?:SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}|hvs\\.[A-Za-z0-9_-]{24,}|dp\\.(?:st|ct|sa|scim|audit)\\.[A-Za-z0-9_.-]{40,}|\\d{8,10}:AA[A-Za-z0-9_-]{32,34}` +
        `|https?:\\/\\/(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com\\/api\\/(?:v\\d+\\/)?webhooks\\/\\d{17,20}\\/[A-Za-z0-9_-]{60,80})${END}`,
      'g',
    ),
  },
  {
    // Header and payload are base64url JSON ("eyJ" is '{"'); the validator decodes both.
    id: 'jwt', entity: 'JWT', confidence: 0.98, gate: ['eyJ'],
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{0,1024}(?![A-Za-z0-9_-])/g,
    validate: (v) => isJwt(v),
  },
  {
    // An unterminated block is masked to the end of the text: failing closed beats leaking half a key.
    id: 'pem-private-key', entity: 'PRIVATE_KEY', confidence: 1, gate: ['-----BEGIN'],
    re: /-----BEGIN ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END \1-----|$)/g,
  },
  {
    // The same block base64-encoded, as kubeconfig files carry a client's key (`client-key-data: LS0tLS1CRUdJTi…`, what
    // `kubectl config view --raw` prints) and Secrets and Helm values a TLS key: `-----BEGI` encodes to `LS0tLS1CRUdJ`.
    // Its decoded header says a private key (certificates encode the same prefix and stay). Up to 16 KiB, as long as
    // the stream masker holds an open finding (stream.ts).
    id: 'pem-private-key-base64', entity: 'PRIVATE_KEY', confidence: 1,
    re: /(?<![A-Za-z0-9+/])LS0tLS1CRUdJ[A-Za-z0-9+/]{36,16384}={0,2}(?![A-Za-z0-9+/=])/g,
    validate: (v) => PEM_PRIVATE_HEADER.test(Buffer.from(v.slice(0, 64), 'base64').toString('latin1')),
  },
  { id: 'kubernetes-secret', entity: 'KUBERNETES_SECRET', confidence: 0.96, gate: ['Secret'], scan: scanKubeSecret },
  {
    id: 'connection-string', entity: 'CONNECTION_STRING', confidence: 0.96, gate: ['://'],
    re: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|oracle|clickhouse|cockroachdb|jdbc:[a-z]+):\/\/[^\s:@/"'<>]{0,128}:[^\s@/"'<>]{1,128}@[^\s/"'<>?#,;]+/gi,
  },
  {
    // `password=…`, `"api_key": "…"`, `DB_PASSWORD: …`: whatever the value, it is a credential by its key.
    // A suffix may follow a key (`passwordHash`, `passwordhash`, `api_key_prod`), but after the short
    // ones (pass, pwd, secret) only behind '_' or '-': `passport:`, `passenger:`, `secretary:` are not keys, nor is
    // `Reisepass:` (German: passport, an ID_NUMBER's label).
    id: 'password-assignment', entity: 'PASSWORD', confidence: 0.8,
    re: new RegExp(
      `(?:(?:(?:${PASSWORD_KEYS})(?:[_-]?[A-Za-z]{1,12})?|(?:(?<!reise)pass|pwd|secret)(?:[_-][A-Za-z]{1,12})?|${PASSWORD_WORDS})${SEP}|` +
        // Or named apart (PAIRED), without a suffix; an XML element's text runs to its closing tag, blanks and all.
        `(?:${PASSWORD_KEYS}|(?<!reise)pass|pwd|secret|${PASSWORD_WORDS})${PAIRED})(?<v>(?<=>)[^<\\n]{1,256}(?=<\\/)|${PASSWORD_VALUE})`,
      'gi',
    ),
    validate: (v, text, start) => {
      // `secret: true` in YAML schema docs, `passwordless: true`, prose after a sentence colon.
      if (!plausibleSecretValue(v) || codeReference(v, text, start + v.length)) return false;
      const before = text.slice(Math.max(0, start - 40), start);
      return !/(?:less|reset|forgot|expir\w*|policy|hint|length|strength)["']?\s*(?::=|=>|[:=])\s*["']?$/i.test(before);
    },
  },
  {
    id: 'password-prose', entity: 'PASSWORD', confidence: 0.7,
    re: PROSE_PASSWORD,
    validate: prosePassword,
  },
  {
    // A card's security code, a PIN or a one-time code after its label (`CVV: 123`, `cvc2=4567`, `PIN 1234`,
    // `Your verification code is 482913`): PCI DSS forbids storing the first, the others open the account
    // (an agent reading a mailbox sees the codes). A secret, not card data: `partial` keeps a card's last
    // four digits, which would be the whole code.
    id: 'card-security-code', entity: 'PASSWORD', confidence: 0.8,
    re: new RegExp(
      `\\b(?:(?:cvv2?|cvc2?|csc)(?:${GAP}?(?:code|number|no|value))?|card${GAP}?(?:security|verification)${GAP}?(?:code|value|number)|pin(?:${GAP}?(?:code|number|no))?|otp|passcode|` +
        `(?:security|verification|confirmation|one${GAP}?time|otp|2fa|mfa|two${GAP}?factor|authentication|auth|login|sign${GAP}?in|access)${GAP}?(?:code|pin|passcode))` +
        `${labelJoin(':=#', true)}(?<v>\\d{3,8})(?![\\w-]|[.,/]\\d)`,
      'gi',
    ),
  },
  {
    // Passwords on the command lines agents run: `mysql -u root -pS3cret`, `docker login -p …`,
    // `sshpass -p …`, `redis-cli -a …`, `curl -u user:pass`. Only these tools' own password flags
    // (`docker run -p 8080:80` is a port, `mysql -P 3306` too).
    id: 'password-cli', entity: 'PASSWORD', confidence: 0.8,
    re: new RegExp(
      '\\b(?:' +
        '(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\\b[^\\n;|&]{0,200}?[ \\t]-p(?=[^\\s-])' +
        '|(?:docker|podman|nerdctl|buildah|skopeo|oras|helm[ \\t]+registry)[ \\t]+login\\b[^\\n;|&]{0,200}?[ \\t](?:-p|--password)(?:=|[ \\t]+)' +
        '|sshpass[ \\t]+-p[ \\t]*' +
        '|(?:redis-cli|keydb-cli|valkey-cli)\\b[^\\n;|&]{0,200}?[ \\t]-a[ \\t]+' +
        `|curl\\b[^\\n;|&]{0,300}?[ \\t](?:-u|--user)(?:=|[ \\t]+)['"]?[^\\s:'"]{1,64}:` +
        // The value: quoted, or the rest of a quoted `user:pass` (`curl -u "bob:pa ss"`), or up to a blank.
        `)(?<v>'[^'\\n]{1,256}'|"[^"\\n]{1,256}"|(?<=["'][^\\s:'"]{1,64}:)[^'"\\n]{1,256}(?=['"])|[^\\s'"]{1,256})`,
      'g',
    ),
    // A quoted value is masked without its quotes.
    validate: (v) => (v.length >= 3 && (v[0] === "'" || v[0] === '"') ? [1, v.length - 1] : true),
  },
  // Above the keyed detector's 0.75: the cookie's value, not its name, is what is masked.
  { id: 'cookie-value', entity: 'HIGH_ENTROPY_SECRET', confidence: 0.78, scan: scanCookies },
  {
    // Bearer tokens and random-looking values after token/key/credential names.
    id: 'high-entropy-keyed', entity: 'HIGH_ENTROPY_SECRET', confidence: 0.75,
    re: new RegExp(
      // An OAuth authorization `code=` too; values may be URL-encoded (`sig=Zk3j%2BAb%3D`, a SAS or presigned URL's).
      `(?:token|bearer|credentials?|session[_-]?(?:id|key)|cookie|signature|sig|key|authorization|auth|hmac|salt|nonce|code)${SEP}(?:Bearer[ \\t]+|Basic[ \\t]+|Token[ \\t]+)?` +
        // One character class (an alternation per character would be several times slower); a '%' that
        // does not start an escape ends the value in the validator.
        `(?<v>[A-Za-z0-9+/_=.~%-]{16,1024})`,
      'gi',
    ),
    validate: (v) => {
      const bad = v.indexOf('%') === -1 ? -1 : v.search(/%(?![0-9A-Fa-f]{2})/);
      if (bad === -1) return looksRandom(v);
      return bad >= 16 && looksRandom(v.slice(0, bad)) ? [0, bad] : false;
    },
  },
  {
    id: 'bearer-header', entity: 'HIGH_ENTROPY_SECRET', confidence: 0.78,
    re: /\b(?:Bearer|Basic|Token)[ \t]+(?<v>[A-Za-z0-9+/_=.~-]{16,1024})/g,
    validate: (v) => looksRandom(v),
  },
];
