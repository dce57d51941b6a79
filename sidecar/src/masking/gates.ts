// Which detectors could match a text, from its one-pass features (features.ts). One straight-line
// function sets a flag per detector: cheaper than a gate closure per detector (44 megamorphic calls
// per value), and most values skip whole groups at one test (no label word, no '@', no long token).
// Every condition is necessary for its detector to find anything, or wider (see features.ts).
import { prepare, type Detector } from './detector.js';
import { CONTEXT_DETECTORS } from './detectors-context.js';
import { PII_DETECTORS } from './detectors-pii.js';
import { SECRET_DETECTORS } from './detectors-secrets.js';
import {
  C_B58, C_BECH32, C_CF, C_CLIFLAG, C_DNI, C_DOTKEY, C_UKPC, C_ETH, C_HOOK, C_JWT, C_ZIP, K_KUBE, C_IBAN, C_MAC, C_NIE, C_NINO, C_NIR, K_ADDRESS, K_ATWORD, K_BEARER, K_COOKIE, K_LIVES_AT, K_CVV, K_DOTWORD, K_DOB, K_IDDOC, K_INTRO, K_INTRO_OTHER, K_NAMEKEY, K_PASSWORD, K_PHONE,
  K_ROLES, K_ROLEWORD, K_SALUTATION, K_SALUTATION_OTHER, K_SECRET, K_SIGNOFF, K_SIGNOFF_OTHER, K_SIGNOFF_OTHER_CAP, K_SSN, K_TAX, K_TITLE, SH_9, SH_9_NINE, SH_CARD, SH_CPF, SH_NANP, SH_SSN, SH_SSN_9XX, SH_SSN_AREA, SH_TRUNK, type Features,
} from './features.js';
import { HAS_PROSE_JOIN } from './labels.js';
import { P_ANTHROPIC, P_AWS, P_GITHUB, P_GITLAB, P_GOOGLE, P_NPM, P_OPENAI, P_OTHER, P_PEM64, P_SLACK, P_STRIPE } from './features-shapes.js';

export const ALL_DETECTORS: readonly Detector[] = [...SECRET_DETECTORS, ...PII_DETECTORS, ...CONTEXT_DETECTORS].map(prepare);

const at = (id: string): number => {
  const i = ALL_DETECTORS.findIndex((d) => d.id === id);
  if (i < 0) throw new Error(`masking: no detector ${id}`);
  return i;
};
const AWS_ID = at('aws-access-key-id'), AWS_SECRET = at('aws-secret-access-key'), GITHUB = at('github-token');
const GITLAB = at('gitlab-token'), SLACK = at('slack-token'), STRIPE = at('stripe-key'), ANTHROPIC = at('anthropic-key');
const OPENAI = at('openai-key'), GOOGLE = at('google-api-key'), NPM = at('npm-token'), JWT = at('jwt');
const PEM = at('pem-private-key'), KUBE = at('kubernetes-secret'), CONN = at('connection-string');
const PASSWORD = at('password-assignment'), PASSWORD_PROSE = at('password-prose'), PASSWORD_CLI = at('password-cli'), CVV = at('card-security-code'), COOKIE = at('cookie-value'), ENTROPY = at('high-entropy-keyed'), BEARER = at('bearer-header');
const EMAIL = at('email'), EMAIL_WRITTEN = at('email-written'), CARD = at('credit-card'), IBAN = at('iban'), SSN = at('us-ssn'), SSN_LABEL = at('us-ssn-labelled');
const ITIN = at('us-itin'), TRUNK = at('phone-national-trunk');
const PHONE_LABEL = at('phone-national-labelled'), IPV4 = at('ipv4'), IPV6 = at('ipv6'), MAC = at('mac');
const URL_CRED = at('url-credentials'), DOB = at('date-of-birth'), NINO = at('uk-nino'), DE_TAX = at('de-tax-id');
const EIN = at('us-ein-labelled'), DNI = at('es-dni'), NIE = at('es-nie'), NIR = at('fr-nir'), B58 = at('btc-base58'), BECH32 = at('btc-bech32');
export const PERSON = at('person-labelled');
export const E164 = at('phone-e164'), NANP = at('phone-nanp');
const ETH = at('eth'), SALUTATION = at('person-salutation'), SALUTATION_OTHER = at('person-salutation-other');
const API_OTHER = at('api-key-prefixed'), API_DOTTED = at('api-key-dotted');
const ROLE = at('person-role-labelled'), ADDRESS = at('address-labelled');
const INTRODUCED = at('person-introduced'), INTRODUCED_OTHER = at('person-introduced-other'), TITLED = at('person-titled');
const SIGNOFF = at('person-signoff'), SIGNOFF_OTHER = at('person-signoff-other'), ADDRESS_US = at('address-us'), ADDRESS_UK = at('address-uk'), ROLE_PROSE = at('person-role-prose');
const ID_NUMBER = at('id-number-labelled'), NATIONAL_ID = at('national-id-checked');
if (ALL_DETECTORS.length > 64) throw new Error('masking: gate flags hold 64 detectors');

/** Prefixed detectors by the P_* bit of their prefix (features-shapes.ts). */
// Pairs (bit, detector) flat in one typed array: no iterator or destructured pair per value.
const BY_PREFIX = Int32Array.from([
  P_AWS, AWS_ID, P_GOOGLE, GOOGLE, P_GITHUB, GITHUB, P_GITLAB, GITLAB, P_SLACK, SLACK, P_STRIPE, STRIPE,
  P_ANTHROPIC, ANTHROPIC, P_OPENAI, OPENAI, P_NPM, NPM, P_OTHER, API_OTHER, P_PEM64, at('pem-private-key-base64'),
]);

const DIGIT_CANDS = C_NINO | C_NIR | C_DNI | C_NIE | C_IBAN | C_ZIP;
/** `at` and `dot` as words: an e-mail address may be written out only when both are there. */
const K_WORDS_AT = K_ATWORD | K_DOTWORD;

/**
 * The detectors of ALL_DETECTORS that could match `text`, as a bit set: bit i of lo (i < 32) or of hi
 * (i - 32). Iterating set bits visits only those (in index order), instead of 44 flags per value.
 */
export const NEED = new Int32Array(2);
const set = (i: number) => {
  NEED[i >> 5]! |= 1 << (i & 31);
};

/** Fills NEED for `text` (whose features are `f`); returns whether any detector could match. */
export function gate(f: Features, text: string): boolean {
  NEED[0] = NEED[1] = 0;
  const k = f.keys;
  if (k !== 0) {
    if ((k & K_SECRET) !== 0) {
      // password=, api_key: and friends need a `key:` / `key=` somewhere.
      if (f.assign) {
        set(PASSWORD);
        // `Cookie:` / `Set-Cookie:`: the word cookie ends a word (its scan looks for the header first).
        if ((k & K_COOKIE) !== 0) set(COOKIE);
        // Its value is 16+ characters of [A-Za-z0-9+/_=.~-].
        if (f.valRun >= 16) {
          set(ENTROPY);
          // The value is exactly 40 characters of [A-Za-z0-9/+], a subset of the same alphabet.
          if (f.valRun >= 40) set(AWS_SECRET);
        }
      }
      if ((k & K_KUBE) !== 0) set(KUBE);
    }
    // The prose form's password word (password, Kennwort, contraseña …) ends a word of the text.
    if ((k & K_PASSWORD) !== 0) set(PASSWORD_PROSE);
    if ((k & K_BEARER) !== 0 && f.valRun >= 16) set(BEARER);
    if ((k & K_SSN) !== 0 && (f.shapes & (SH_9 | SH_SSN)) !== 0) set(SSN_LABEL);
    if ((k & K_PHONE) !== 0 && f.digits >= 7) set(PHONE_LABEL);
    // The shortest date after a birth label, `5-Jan-80`, has three digits.
    if ((k & K_DOB) !== 0 && f.digitsTotal >= 3) set(DOB);
    if ((k & K_TAX) !== 0 && f.digits >= 11) set(DE_TAX);
    // `EIN: 12-3456789`, `Tax ID 123456789`: nine digits (a cluster may hold the dash).
    if ((k & K_TAX) !== 0 && f.digits >= 9) set(EIN);
    // `name: …`, or in prose `full name is …` / `Name - …` (labels.ts).
    if ((k & K_NAMEKEY) !== 0 && (f.assign || HAS_PROSE_JOIN.test(text))) set(PERSON);
    if ((k & K_ROLES) !== 0 && f.assign) set(ROLE);
    if ((k & K_SALUTATION) !== 0) set(SALUTATION);
    if ((k & K_SALUTATION_OTHER) !== 0) set(SALUTATION_OTHER);
    if ((k & K_INTRO) !== 0) set(INTRODUCED);
    if ((k & K_INTRO_OTHER) !== 0) set(INTRODUCED_OTHER);
    if ((k & K_TITLE) !== 0) set(TITLED);
    if ((k & K_SIGNOFF) !== 0) set(SIGNOFF);
    if ((k & (K_SIGNOFF_OTHER | K_SIGNOFF_OTHER_CAP)) !== 0) set(SIGNOFF_OTHER);
    if ((k & K_ROLEWORD) !== 0) set(ROLE_PROSE);
    // (`social insurance number`: its one label word is `social`, an SSN label's.)
    if ((k & (K_IDDOC | K_SSN)) !== 0 && f.digitsTotal >= 4) set(ID_NUMBER);
    // A security code or PIN has three digits at least.
    if ((k & K_CVV) !== 0 && f.digitsTotal >= 3) set(CVV);
    // `lives at 42 Wallaby Way` needs neither (the pass saw its `at`).
    if (f.digits >= 1 && ((k & K_LIVES_AT) !== 0 || ((k & K_ADDRESS) !== 0 && (f.assign || HAS_PROSE_JOIN.test(text))))) set(ADDRESS);
  }
  const sh = f.shapes;
  const cand = f.cand;
  if (sh !== 0 || (cand & DIGIT_CANDS) !== 0 || f.dots >= 3 || f.plusDigit) {
    if ((sh & SH_CARD) !== 0) set(CARD);
    // Unlabelled, an SSN's area is never 000, 666 or 9xx, and an ITIN's always 9xx (features.ts SH_SSN_AREA).
    if ((sh & SH_SSN_AREA) !== 0) set(SSN);
    if ((sh & (SH_SSN_9XX | SH_9_NINE)) !== 0) set(ITIN);
    if ((sh & SH_NANP) !== 0) set(NANP);
    if ((sh & SH_TRUNK) !== 0) set(TRUNK);
    if (f.plusDigit && f.digits >= 7) set(E164);
    if (f.dots >= 3) set(IPV4);
    if ((cand & C_IBAN) !== 0) set(IBAN);
    if ((cand & C_NINO) !== 0) set(NINO);
    if ((cand & C_DNI) !== 0) set(DNI);
    if ((cand & C_NIE) !== 0) set(NIE);
    if ((cand & C_NIR) !== 0) set(NIR);
    // `…, ST 12345`: two capitals at a word start, a space, digits (the NINO candidate's shape).
    if ((cand & C_ZIP) !== 0) set(ADDRESS_US);
    if ((sh & SH_CPF) !== 0) set(NATIONAL_ID);
  }
  if ((cand & C_CF) !== 0) set(NATIONAL_ID);
  const pfx = f.pfx;
  if (pfx !== 0) for (let k = 0; k < BY_PREFIX.length; k += 2) if ((pfx & BY_PREFIX[k]!) !== 0) set(BY_PREFIX[k + 1]!);
  if ((cand & C_DOTKEY) !== 0) {
    set(API_DOTTED);
    // `ya29.`, a Google OAuth token.
    set(GOOGLE);
  }
  if ((cand & C_UKPC) !== 0) set(ADDRESS_UK);
  if ((cand & C_CLIFLAG) !== 0) set(PASSWORD_CLI);
  // A Slack webhook URL is not one token ('://', '.').
  if ((cand & C_HOOK) !== 0) {
    set(SLACK);
    // A Discord webhook URL.
    set(API_DOTTED);
  }
  if ((cand & C_JWT) !== 0) set(JWT);
  if ((cand & C_B58) !== 0) set(B58);
  if ((cand & C_BECH32) !== 0) set(BECH32);
  if ((cand & C_ETH) !== 0) set(ETH);
  if (f.at) {
    set(EMAIL);
    if (text.includes('://')) {
      set(URL_CRED);
      set(CONN);
    }
  }
  // An '@' or dot written out, or the word `dot` after an '@' or the word `at` (detectors-email.ts).
  if (f.writtenAt || ((k & K_DOTWORD) !== 0 && (f.at || (k & K_ATWORD) !== 0))) set(EMAIL_WRITTEN);
  // Without '::', an IPv6 address has 8 groups (7 colons), or 7 with an IPv4 address in the last two (6).
  if (f.doubleColon || f.hexColons >= 6) set(IPV6);
  if ((cand & C_MAC) !== 0) set(MAC);
  if (f.dashes5) set(PEM);
  return (NEED[0]! | NEED[1]!) !== 0;
}

/** Whether gate() could set any flag, from the features alone (no look at the text). */
export function mayNeed(f: Features): boolean {
  const k = f.keys;
  return (k & ~K_WORDS_AT) !== 0 || (k & K_WORDS_AT) === K_WORDS_AT || f.shapes !== 0 || f.cand !== 0 || f.dots >= 3 || f.plusDigit ||
    f.pfx !== 0 || f.at || f.writtenAt || f.doubleColon || f.hexColons >= 6 || f.dashes5;
}
