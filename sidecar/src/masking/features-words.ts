// The label words of the feature pass (features.ts): which word endings, short words and sign-offs
// name a label, packed as 5 bits per letter into small tables (copied into the WebAssembly pass's
// memory), and the K_* bits they set.
export const K_SECRET = 1;
export const K_DOB = 2;
export const K_SSN = 4;
export const K_TAX = 8;
export const K_NAME = 16;
export const K_ADDRESS = 32;
export const K_PHONE = 64;
export const K_SALUTATION = 128;
/** A word a name key ends with (name, nombre, nom): `customer_name`, `firstName`, `vorname`. */
export const K_NAMEKEY = 256;
/** A role word used as a label, in either case (Customer:, "patient":, Signed …), and `holder` (`Account holder`). */
export const K_ROLE = 512;
/** A capitalised Bearer / Basic / Token. */
export const K_BEARER = 1024;
/** A capitalised `Secret` (a Kubernetes `kind: Secret`). */
export const K_KUBE = 4096;
/** `am` / `is` (`I am …`, `This is … from`, `my name is …`): a name may be introduced. */
export const K_INTRO = 8192;
/** A capitalised title (Mr, Mrs, Ms, Mx, Dr): a name follows. (Not `Prof`: its ending `of` would send every `of` to the table.) */
export const K_TITLE = 16384;
/** A sign-off (Regards, Sincerely, Thanks, Cheers, Best, Signed …): a name may end the line after it. */
export const K_SIGNOFF = 32768;
/** A role word in any case (customer, patient, tenant …): `patient Ana Ruiz said`. */
export const K_ROLEWORD = 65536;
/** An identity-document or account label (passport, licence, ID card, account): `Passport No.: X1234567`. */
export const K_IDDOC = 131072;
/** A word a password is told after in prose (password, passphrase, Passwort, Kennwort, contraseña, mot de passe). */
export const K_PASSWORD = 262144;
/** A role word that labels a person only when capitalised (Client:, Guest:, Tenant:, Contact:, Signed:): `request` ends like `guest`. */
export const K_ROLE_CAP = 524288;
/** `at` and `dot` as words: an e-mail address written out (`jane at example dot com`) when both are there. */
export const K_ATWORD = 1048576;
export const K_DOTWORD = 2097152;
/** A card security code's, PIN's or one-time code's label (`CVV`, `cvc2`, `CSC`, `PIN`, `verification code`, `OTP`). */
export const K_CVV = 4194304;
/** The verb of an introduction in another label language (`me llamo`, `je m'appelle`, `ich heiße`, `ik heet`, `mi nombre es`). */
export const K_INTRO_OTHER = 8388608;
/** A greeting in another label language (Querida, Estimado, Hola, Cher, Chère, Bonjour, Liebe, Hallo, Sehr geehrte, Gentile, Caro, Beste, Geachte, Prezado, Olá, Ciao). */
export const K_SALUTATION_OTHER = 16777216;
/**
 * A sign-off in another label language: Saludos, Un saludo, Cordiali saluti, Met vriendelijke groet(en), (Grüße, whose ü
 * leaves `Gr`); and, capitalised only (their endings end many words), Cordialement, Bien cordialement, Atentamente,
 * Cordialmente. (Not Bisous, Srta. or destinatario: `us`, `ta` and `io` end a fifth of all words, which would all be looked up.)
 */
export const K_SIGNOFF_OTHER = 33554432;
export const K_SIGNOFF_OTHER_CAP = 67108864;
/** `cookie` (with K_SECRET): the cookie header's detector needs the word, K_SECRET alone (any key word) does not say it is there. */
export const K_COOKIE = 134217728;
/**
 * An identity-number label only with a number suffix after it (`account no`, `acct #`, `accountNumber`): the pass
 * resolves it to K_IDDOC or nothing where the word ends, so `the account` and `amount` send no text to the detector.
 */
export const K_IDDOC_NUM = 268435456;
/** `at` after a word ending like lives / living / resides (`He lives at 42 Wallaby Way`): set by the pass, not a word ending. */
export const K_LIVES_AT = 536870912;
/** `reach` / `reached` as whole words: the pass makes it K_PHONE before `at` / `on` (`reach me at …`), else drops it. */
export const K_REACH = 1073741824;
/**
 * Not a label bit: SHORT2's value for the prepositions a verb of living takes in the other label languages (`vivo en`,
 * `j'habite au`, `wohne in`, `abito in`, `woon op`, `moro na`). The pass turns it into K_LIVES_AT after such a verb.
 */
export const K_PREP = 1 << 31;
/** Bits that only count when the word starts with a capital (the detectors match them case-sensitively). */
export const CAP_ONLY = K_BEARER | K_KUBE | K_ROLE_CAP | K_SIGNOFF_OTHER_CAP;
const K_HOLDER = 2048;
export const K_ROLES = K_ROLE | K_ROLE_CAP | K_HOLDER;

/** Word endings (last 2–5 lowercase letters) that name a label, and which bits they set. */
const ENDINGS: Record<string, number> = {
  word: K_SECRET | K_PASSWORD, sswd: K_SECRET, pwd: K_SECRET, pass: K_SECRET | K_IDDOC, rase: K_SECRET | K_PASSWORD, cret: K_SECRET | K_KUBE, key: K_SECRET,
  oken: K_SECRET | K_BEARER, arer: K_SECRET | K_BEARER, asic: K_SECRET | K_BEARER, auth: K_SECRET, tial: K_SECRET,
  ials: K_SECRET, okie: K_SECRET | K_COOKIE, ture: K_SECRET, sig: K_SECRET | K_TITLE, hmac: K_SECRET, salt: K_SECRET, once: K_SECRET,
  sion: K_SECRET, apikey: K_SECRET, wort: K_SECRET | K_PASSWORD, asse: K_SECRET | K_PASSWORD, // Passwort / Kennwort, mot de passe, palavra-passe
  oord: K_SECRET | K_PASSWORD, enha: K_SECRET | K_PASSWORD, // wachtwoord, senha
  irth: K_DOB, date: K_DOB, born: K_DOB, dob: K_DOB, hday: K_DOB, atum: K_DOB, ento: K_DOB, oren: K_DOB, cido: K_DOB, cida: K_DOB, // geboren, nacido/a
  ssn: K_SSN, cial: K_SSN, sec: K_SSN,
  euer: K_TAX, mmer: K_TAX | K_PHONE | K_IDDOC, // Steuernummer; Telefonnummer, Handynummer, Rufnummer; burgerservicenummer, personnummer
  idnr: K_TAX, nr: K_TAX, tax: K_TAX, tin: K_TAX, xid: K_TAX, uerid: K_TAX, ein: K_TAX, oyer: K_TAX, yerid: K_TAX, // taxid, steuerid; EIN, FEIN, employer (id), employerid
  name: K_NAME | K_NAMEKEY, mbre: K_NAME | K_NAMEKEY, nom: K_NAME | K_NAMEKEY,
  // Italian and Portuguese nome / cognome / sobrenome (`nome è` introduces), Dutch naam / voornaam / achternaam (`naam is`), Spanish apellido(s).
  nome: K_NAME | K_NAMEKEY | K_INTRO_OTHER, naam: K_NAME | K_NAMEKEY | K_INTRO_OTHER, lido: K_NAME | K_NAMEKEY, idos: K_NAME | K_NAMEKEY,
  // Introductions: (je m')appelle, (mein Name) ist, (ich) heiße (whose ß splits it), (mi) chiamo, (ik) heet, (me) chamo; llamo and heisse are
  // whole words (below: Latin's clamo and summisse end like them).
  elle: K_INTRO_OTHER, ist: K_INTRO_OTHER, hei: K_INTRO_OTHER, iamo: K_INTRO_OTHER, heet: K_INTRO_OTHER,
  hamo: K_INTRO_OTHER, omer: K_NAME | K_ROLE | K_ROLEWORD, ient: K_NAME | K_ROLE | K_ROLEWORD,
  oyee: K_NAME | K_ROLE | K_ROLEWORD, lder: K_NAME | K_ROLE | K_HOLDER | K_ROLEWORD, iary: K_NAME | K_ROLE | K_ROLEWORD, gned: K_NAME | K_ROLE_CAP | K_SIGNOFF,
  tact: K_NAME | K_PHONE | K_ROLE_CAP, uest: K_NAME | K_ROLE_CAP | K_ROLEWORD, nger: K_NAME | K_ROLE | K_ROLEWORD, cant: K_NAME | K_ROLE | K_ROLEWORD, nant: K_NAME | K_ROLE_CAP | K_ROLEWORD,
  // More people a record labels (`Student: Ana Ruiz`, `"guardian": "…"`): student/resident, participant, attendee, claimant,
  // borrower, guarantor, guardian, physician, nurse, teacher, traveler/traveller/seller; capitalised only: member,
  // subscriber, owner, buyer, driver, parent, doctor, sender (`number:`, `driver: nvidia`, `parent: root` are not people).
  // Not spouse: its ending is every house and mouse.
  dent: K_ROLE, pant: K_ROLE, ndee: K_ROLE, mant: K_ROLE, ower: K_ROLE, ntor: K_ROLE, dian: K_ROLE, cian: K_ROLE,
  urse: K_ROLE, cher: K_ROLE | K_SALUTATION_OTHER, eler: K_ROLE, ller: K_ROLE, mber: K_ROLE_CAP, iber: K_ROLE_CAP, wner: K_ROLE_CAP, uyer: K_ROLE_CAP,
  iver: K_ROLE_CAP, rent: K_ROLE_CAP, ctor: K_ROLE_CAP, nder: K_ROLE_CAP,
  // paciente / paziente / cliente / dipendente (ente, with the sign-offs), titular (ular, with the phones), empleado, Kunde, Kundin,
  // Patientin, klant, destinataire; Empfänger's ä leaves `nger`, above.
  eado: K_ROLE, unde: K_ROLE, ndin: K_ROLE, ntin: K_ROLE, lant: K_ROLE, aire: K_ROLE,
  // Sign-offs (Regards, Sincerely, Truly, Thanks, Thank you, Cheers, Best, Respectfully; Signed above), whatever
  // follows them: the detector's own literals then decide.
  ards: K_SIGNOFF, rely: K_SIGNOFF, ruly: K_SIGNOFF, anks: K_SIGNOFF, hank: K_SIGNOFF, eers: K_SIGNOFF, best: K_SIGNOFF, ully: K_SIGNOFF,
  udos: K_SIGNOFF_OTHER, luti: K_SIGNOFF_OTHER, roet: K_SIGNOFF_OTHER, ijke: K_SIGNOFF_OTHER, ment: K_SIGNOFF_OTHER_CAP,
  ente: K_SIGNOFF_OTHER_CAP | K_ROLE, bien: K_SIGNOFF_OTHER_CAP,
  dear: K_SALUTATION, ello: K_SALUTATION, hi: K_SALUTATION, attn: K_SALUTATION,
  // Titles in the other languages (Sr, Mw and M. are whole words: SHORT2 and the pass's '.').
  herr: K_TITLE, frau: K_TITLE, sra: K_TITLE, mme: K_TITLE, mlle: K_TITLE, dott: K_TITLE, dhr: K_TITLE, mevr: K_TITLE,
  rido: K_SALUTATION_OTHER, rida: K_SALUTATION_OTHER, mado: K_SALUTATION_OTHER, mada: K_SALUTATION_OTHER, hola: K_SALUTATION_OTHER, // cher: above
  jour: K_SALUTATION_OTHER, iebe: K_SALUTATION_OTHER, eber: K_SALUTATION_OTHER, allo: K_SALUTATION_OTHER, sehr: K_SALUTATION_OTHER, // Sehr geehrte(r): `ter` ends too many English words
  tile: K_SALUTATION_OTHER, tili: K_SALUTATION_OTHER, caro: K_SALUTATION_OTHER, cara: K_SALUTATION_OTHER, este: K_SALUTATION_OTHER, chte: K_SALUTATION_OTHER,
  zado: K_SALUTATION_OTHER, zada: K_SALUTATION_OTHER, ciao: K_SALUTATION_OTHER,
  line: K_ADDRESS, // a glued `addressline1`
  izzo: K_ADDRESS, dres: K_ADDRESS, dere: K_ADDRESS, rada: K_ADDRESS, // indirizzo, adres, endereço (whose ç splits it), morada
  ress: K_ADDRESS, addr: K_ADDRESS, reet: K_ADDRESS, rift: K_ADDRESS, esse: K_ADDRESS, cion: K_ADDRESS, ecci: K_ADDRESS, // direccion, and dirección (whose ó splits the word)
  hone: K_PHONE, tel: K_PHONE, bile: K_PHONE, cell: K_PHONE, fax: K_PHONE, call: K_PHONE, sapp: K_PHONE, sms: K_PHONE,
  efon: K_PHONE, ovil: K_PHONE, vil: K_PHONE, // movil, and móvil (whose ó splits the word)
  fono: K_PHONE, lare: K_PHONE, foon: K_PHONE, biel: K_PHONE, fone: K_PHONE, ular: K_PHONE | K_ROLE, ovel: K_PHONE, vel: K_PHONE,
  andy: K_PHONE, obil: K_PHONE, // telefono, cellulare, telefoon, mobiel, telefone, celular, telemovel and telemóvel, Handy, Mobil
  port: K_IDDOC, ense: K_IDDOC, ence: K_IDDOC, card: K_IDDOC, ount: K_IDDOC_NUM, acct: K_IDDOC_NUM,
  cvv: K_CVV, cvc: K_CVV, csc: K_CVV, pin: K_CVV, code: K_CVV, otp: K_CVV, // CVV / CVC / CSC, PIN, security / one-time code, OTP
  // Reisepass (pass above), Ausweis, Führerschein (whose ü splits it), pasaporte, carte d'identité / identite, permis de conduire, conducir.
  weis: K_IDDOC, hein: K_IDDOC, orte: K_IDDOC, ntit: K_IDDOC, tite: K_IDDOC, uire: K_IDDOC, ucir: K_IDDOC,
  // SIN, Aadhaar, NHS, BSN, CPF, codice fiscale, MRN (burgerservicenummer and personnummer end in `mmer`, above). Not `medical
  // record`: every log line's `record` would run the detector.
  sin: K_IDDOC, haar: K_IDDOC, nhs: K_IDDOC, bsn: K_IDDOC, cpf: K_IDDOC, cale: K_IDDOC, mrn: K_IDDOC,
  // A bank's routing number: ABA, RTN (routing is a whole word, below).
  aba: K_IDDOC, rtn: K_IDDOC,
};

// Word endings packed as 5 bits per letter (a=1 … z=26, last 4 letters in 20 bits: small integers the
// JIT keeps unboxed), looked up in an open-addressing table: a multiply and a compare per word.
const pack = (s: string) => {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h << 5) | (s.charCodeAt(i) & 31);
  return h;
};
const SLOTS = 1024;
export const TABLE_KEYS = new Int32Array(SLOTS);
export const TABLE_BITS = new Uint32Array(SLOTS);
const slot = (w: number) => Math.imul(w, 0x9e3779b1) >>> 22; // top 10 bits: 0..1023
for (const [ending, bits] of Object.entries(ENDINGS)) {
  const w = pack(ending.slice(-4));
  let i = slot(w);
  while (TABLE_KEYS[i] !== 0 && TABLE_KEYS[i] !== w) i = (i + 1) & (SLOTS - 1);
  TABLE_KEYS[i] = w;
  TABLE_BITS[i]! |= bits;
}
// Last two letters of every ending: most words end in a pair no label ends in, and skip the table.
// Bit 2: a two-letter ending is that pair; bit 1: a longer ending ends in it.
export const LAST2 = new Uint8Array(1024);
for (const ending of Object.keys(ENDINGS)) LAST2[pack(ending.slice(-2))]! |= ending.length === 2 ? 2 : 1;
/**
 * Last three letters of every longer ending, one bit each (4 KB): a word whose last two letters pass
 * LAST2 (`user`, `other`, `after` end in `er` like `customer`) is looked up only if its last three do.
 */
export const LAST3 = trigramBits([
  ...Object.keys(ENDINGS).filter((e) => e.length >= 3).map((e) => e.slice(-3)),
  // Two-letter endings after any letter: then a word of three letters or more needs only this bit to be looked up.
  ...Object.keys(ENDINGS).filter((e) => e.length === 2).flatMap((e) => [...'abcdefghijklmnopqrstuvwxyz'].map((c) => c + e)),
]);

/** A bit per three lower-case letters packed as 15 bits (the pass tests one bit instead of a search). */
function trigramBits(trigrams: readonly string[]): Uint8Array {
  const bits = new Uint8Array(4096);
  for (const t of trigrams) {
    if (!/^[a-z]{3}$/.test(t)) throw new Error(`masking: ${t} is not three lower-case letters`);
    const w = pack(t);
    bits[w >> 3]! |= 1 << (w & 7);
  }
  return bits;
}
/**
 * Whole words of two letters (`is`, `am`, titles, `DL` for a driving licence, `at`, `ph` for a phone; `nato il`, `data di nascita`, `mi nombre es`; `Ch` and `Ol` of Chère and Olá, `Gr` of Grüße, whose accents split them), by their packed
 * letters: not endings, so the many words that merely end in them (`this`, `team`, `users`) cost nothing. The two three-letter words
 * (`Mrs`, `dot`) are checked by hand: a 32K table indexed by three letters would miss the cache on most words.
 */
export const SHORT2 = new Uint32Array(1024);
for (const [w, bits] of Object.entries({ is: K_INTRO, am: K_INTRO, es: K_INTRO_OTHER, il: K_DOB, di: K_DOB, sr: K_TITLE, mw: K_TITLE, gr: K_SIGNOFF_OTHER, ch: K_SALUTATION_OTHER, ol: K_SALUTATION_OTHER, mr: K_TITLE, ms: K_TITLE, mx: K_TITLE, dr: K_TITLE, dl: K_IDDOC, at: K_ATWORD, ph: K_PHONE, en: K_PREP, in: K_PREP, im: K_PREP, au: K_PREP, op: K_PREP, em: K_PREP, na: K_PREP, no: K_PREP })) SHORT2[pack(w)] = bits;
export const L2_RS = pack('rs');
/**
 * Stems of the key names the secret detectors take before `:` or `=` (detectors-secrets.ts: password,
 * high-entropy and AWS secret keys). The feature pass looks for them inside the key before an
 * assignment, because those keys need not end in a label ending: `passwordhash=` (the password regex
 * allows a suffix), `sessionid=`, `authorization:`. Lower case, at most 14 characters.
 */
export const SECRET_KEY_STEMS: readonly string[] = [
  'pass', 'pwd', 'secret', 'key', 'token', 'auth', 'bearer', 'credential', 'session', 'cookie', 'sig', 'hmac', 'salt', 'nonce', 'code',
];
/** The stems' first three letters: the pass tries the stems only where a key holds one of these. */
export const STEM_TRIGRAMS = trigramBits(SECRET_KEY_STEMS.map((s) => s.slice(0, 3)));
/**
 * Labels matched as whole words only, because their endings are too common to mean anything (`ting`,
 * `onal`, `each`): `Routing #`, `national ID` (detectors-context.ts ID_NUMBER), `You can reach me at` (a phone's
 * context). Lower case, 4–8 letters.
 */
export const WHOLE_WORDS: Readonly<Record<string, number>> = {
  routing: K_IDDOC, national: K_IDDOC, reach: K_REACH, reached: K_REACH, dial: K_PHONE,
  // `me llamo`, `ich heisse`, `un saludo`: their endings are also Latin's (clamo, summisse, deludo), and lorem ipsum is everywhere.
  llamo: K_INTRO_OTHER, heisse: K_INTRO_OTHER, saludo: K_SIGNOFF_OTHER,
};
/**
 * Last two letters of those whole words (bit 1) and of the number suffixes an identity-document key
 * may have glued on (bit 2: `passportno`, `licensenr`, `acctnum`, `accountnumber`, `licenseid`; the pass
 * strips them and looks at the key): one lookup per word says whether either check is needed.
 */
export const EXTRA_L2 = new Uint8Array(1024);
for (const w of Object.keys(WHOLE_WORDS)) EXTRA_L2[pack(w.slice(-2))]! |= 1;
for (const suffix of ['no', 'nr', 'num', 'number', 'id']) EXTRA_L2[pack(suffix.slice(-2))]! |= 2;
