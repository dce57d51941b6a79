// What a person's name looks like where a label introduces it, for the labelled-name detectors
// (detectors-context.ts): regex sources for titles, name words, particles and what may follow a name, and
// the words that make a capitalised phrase a team, a job, a product or a greeting to all rather than a
// person.

/** Titles before a name: English, and the German, French, Spanish, Dutch, Italian and Portuguese ones (`Srta.`, `Ir.`, `Drs.`, `Dott.ssa`, `Sig.ra`, `Eng.ª`, `Téc.ª`, `heer`, `Mevr.`). */
export const TITLE = `(?:(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Dra|Drs|Prof|Sir|Madam|Herr|Frau|Mme|Mlle|M|Sr|Sra|Srta|Ir|Ing|Eng|Arq|T[ée]c|Dott|Sig|Dhr|Mevr|Mw)\\.?ª?|Dott\\.ssa|Sig\\.ra|[Hh]eer|[Mm]evrouw) )`;
/**
 * A word's first letter in a labelled name: a capital, or a letter of a script without case (Han, kana,
 * Hangul, Arabic, Hebrew: `"customer_name": "大内 正男"`; Georgian, whose letters Unicode counts as lower
 * case), where the label alone has to say it.
 */
export const NAME_START = '[\\p{Lu}\\p{Lo}\\u10D0-\\u10FA]';
export const NAME_START_RE = new RegExp(`^${NAME_START}`, 'u');
export const TWO_NAME_WORDS = new RegExp(`^${NAME_START}\\S*\\s+${NAME_START}`, 'u');
/** A letter inside a name: any letter or mark, an apostrophe, a hyphen, a zero-width non-joiner (Persian `مصباح‌زاده`). */
export const NAME_CHAR = "[\\p{L}\\p{M}\\u200C'’-]";
/** Lower-case particles inside a name (`María del Carmen`, `Jan de Vries`, `João dos Santos`). */
const PARTICLE_WORDS = 'van|von|der|den|de|del|da|das|do|dos|di|la|le|du|ter|ten|bin|al';
export const PARTICLE_WORD = `(?:${PARTICLE_WORDS})`;
export const PARTICLE = new RegExp(`^${PARTICLE_WORD}$`);
/** Particles a surname may start with, under its own label (`Achternaam: van Vliet`, `Apellidos: de la Cruz`). */
const LEADING_PARTICLES = 'van|von|de|da|di|du|ter|ten|le|la';
const PARTICLES = `(?:(?:${LEADING_PARTICLES})(?: (?:der|den|de|la))? )`;
export const LEADING_PARTICLE = new RegExp(`^(?:${LEADING_PARTICLES}|der|den)$`);
/**
 * One to five capitalised words; letters from any script, apostrophes and hyphens inside names; the
 * first may end in a comma when a capitalised word follows (`Gonzalez, Maria`, `DOE, JOHN`).
 */
export const NAME = `${TITLE}?${PARTICLES}?${NAME_START}${NAME_CHAR}*(?:\\.|,(?= ${NAME_START}))?(?: (?:${PARTICLE_WORD}|${NAME_START}${NAME_CHAR}*\\.?)){0,4}(?: (?:Jr|Sr|I|II|III|IV|V|MD|PhD|DDS|DVM)\\.?)?`;

/** Capitalised words only (no particles, no title): where nothing but the case says it is a name. */
export const CAP_WORDS = (min: number, max: number) =>
  `\\p{Lu}[\\p{L}\\p{M}'’-]+(?:[ \\t]+\\p{Lu}[\\p{L}\\p{M}'’-]+){${min},${max}}(?:[ \\t]+(?:Jr|Sr|I|II|III|IV|V|MD|PhD|DDS|DVM)\\.?)?`;
/** Capitalised words, with lower-case particles between them (`Jan de Vries`, `Ludwig van Beethoven`): a sign-off's name. */
export const CAP_WORDS_P = (max: number) =>
  `\\p{Lu}[\\p{L}\\p{M}'’-]+(?:[ \\t]+(?:(?:van|von|der|den|de|del|da|das|do|dos|di|la|le|du|ter|ten)[ \\t]+){0,2}\\p{Lu}[\\p{L}\\p{M}'’-]+){0,${max}}`;
/** What may follow a name in running text. */
// (And their Spanish, French, German, Italian, Dutch and Portuguese `and`: `Lucía Fernández y mi DNI …`.)
export const AFTER_NAME = `(?=\\s*["'”’»,;:!?|\\t\\r\\n)}]|\\s*$|\\.(?:\\s|$)|\\s+[-–(<]|\\s+(?:and|at|from|here|on|with|is|was|speaking|calling|of|in|y|et|und|e|en)\\b)`;
/** Words that end a sign-off line but are not names. */
// (`The Team`, `El equipo`, `Die Geschäftsleitung`: an article first is a team's or a department's name.)
export const NOT_A_NAME = /^(?:Regards|Sincerely|Thanks|Cheers|Best|Team|Support|Everyone|All|Management|Customer|Service|Sales|The|Your|Our|El|Los|Las|Les|Il|Gli|Die|Der|Das|Het|Equipo|Équipe|Squadra)\b/;
/** Who a greeting addresses when it is not a person: `Hello World`, `Dear Valued Customer`, `Dear Sir or Madam`. */
export const NOT_GREETED =
  /^(?:World|There|Folks|Friends|Guys|Everybody|Everyone|All|Colleagues|Again|Valued|Hiring|Team|Customer|Support|Admin|Users?|Welt|Mundo|Monde|Mondo|Wereld|Todos|Tous|Tutti|Alle|Allemaal|Zusammen|Amigos|Amis|Amici|Clientes?|Cliente|Kunde|Kunden|Klant|Collega|Colleghi|Colegas|Damen)\b|^(?:Sir|Madam)(?: or Madam)?$/;
/** First words that make `This is …` / `I am …` a phrase, not a name (`This is Important Information`). */
export const NOT_A_FIRST_NAME = /^(?:The|A|An|Our|Your|My|His|Her|Their|This|That|These|Those|New|Important|Urgent|Great|Good|Not|Just|Also|Very|Really|Happy|Sorry|Glad|Here|Available|Please|Thanks|Done|Ready|Sie|Ihnen|Euch|Usted|Vous|Lei)\b/;
/** Capitalised words after a role word that make a department or a record, not a person. */
const NOT_A_PERSON_WORDS =
  'Service|Services|Support|Team|Care|Portal|Success|Relations|Experience|Account|Accounts|Data|Record|Records|Information|Number|ID|Id|' +
    'Center|Centre|Unit|Department|Office|Desk|Agent|Agents|Satisfaction|Feedback|Journey|Profile|Database|Table|API|' +
    // A degree after `M.` (`M. Sc.`), not Monsieur Sc.
    'Sc|' +
    // Job titles (`Customer Infrastructure Engineer`, `Patient Care Coordinator`): a role word, then a job.
    'Manager|Engineer|Consultant|Officer|Specialist|Director|Representative|Designer|Developer|Analyst|Architect|Administrator|' +
    'Coordinator|Executive|Facilitator|Liaison|Orchestrator|Producer|Strategist|Supervisor|Technician|Assistant|Associate|Planner|' +
    'Operations|Infrastructure|Solutions|Communications|Applications|Integration|Optimization|Implementation|Security|Marketing';
export const NOT_A_PERSON = new RegExp(`\\b(?:${NOT_A_PERSON_WORDS})\\b`);

/**
 * Words that make the value of a bare `name` key a thing's name, not a person's: products, build steps,
 * services, organisations, places (`"name": "Handmade Bamboo Shirt"`, `name: Build Docker Image`,
 * `"name": "Acme Holdings"`). Only for the bare key: under `customer_name` the value is a person whatever
 * it says. Words that are common surnames or first names (Page, Root, Field, Ball, Bacon, Park, River,
 * Helm, Server …) are left out on purpose.
 */
const THING_WORDS =
  `${NOT_A_PERSON_WORDS}|` +
    'Shirt|Shirts|Shoes|Pants|Hat|Gloves|Towels|Chair|Computer|Keyboard|Mouse|Bike|Car|Chips|Cheese|Chicken|Pizza|Salad|Sausages|Soap|' +
    'Tuna|Laptop|Phone|Monitor|Bag|Lamp|Sofa|Bottle|Mug|Jacket|Boots|Socks|Coffee|Granite|Bamboo|Ceramic|Concrete|Plastic|Rubber|' +
    'Wooden|Metal|Frozen|Handmade|Handcrafted|Ergonomic|Unbranded|Generic|Refined|Rustic|Sleek|Tasty|Licensed|Recycled|Gorgeous|' +
    'Fantastic|Incredible|Intelligent|Awesome|Elegant|Luxurious|Practical|Oriental|Bespoke|Electronic|Premium|Deluxe|Wireless|Portable|' +
    'Organic|Build|Test|Tests|Testing|Deploy|Deployment|Release|Checkout|Install|Setup|Cache|Lint|Upload|Download|Publish|Step|Pipeline|' +
    'Workflow|Image|Docker|Container|Cluster|Code|Config|Configuration|Update|Upgrade|Backup|Migration|Script|Task|Report|' +
    'Dashboard|Module|Plugin|Package|Library|Bucket|Queue|Topic|Index|Policy|Project|Repository|Branch|Feature|Ticket|Order|Invoice|' +
    'Product|Item|Document|File|Folder|Website|Application|App|Tool|Model|Version|Environment|Production|Staging|Default|Primary|' +
    'Network|Gateway|Proxy|Router|Schema|Column|Token|Secret|Certificate|Endpoint|Function|Handler|Worker|Bot|Subscription|Channel|' +
    'Event|Meeting|Conference|Inc|LLC|Ltd|GmbH|Corp|Corporation|Company|Holdings|Partners|Technologies|Systems|Labs|Studio|Foundation|' +
    'University|School|Hospital|Bank|Hotel|Restaurant|Cafe|Store|Shop|Market|Street|Avenue|Road|City|County|Airport|Station|' +
    // CI steps and services (`name: Web Frontend`, `"name": "Upload Artifacts"`).
    'Frontend|Backend|Web|Artifact|Artifacts|Dependencies|Check|Checks|Scan|Audit|Coverage|Compile|Bundle|Benchmark|Benchmarks|Migrate|' +
    'Restore|Sync|Metrics|Logs|Alerts|Ingress|Controller|Scheduler|Cron|Cleanup|Notify|Format|Kubernetes|Terraform|Nginx|Redis|' +
    'Postgres|Python|Java';
// Whole words by Unicode letters, not \b: `D'Incà` and `Carè` are surnames, not `Inc` and `Car`.
const THING_NAME = new RegExp(`(?<![\\p{L}\\p{M}])(?:${THING_WORDS})(?![\\p{L}\\p{M}])`, 'u');
/** The same words as a set, for values already split into ASCII words (jsonThingName()). */
const THING_WORD_SET: ReadonlySet<string> = new Set(THING_WORDS.split('|'));

/** Whether a capitalised value under a bare `name` key names a thing (THING_NAME), not a person. */
export function namesAThing(v: string): boolean {
  return THING_NAME.test(v);
}

/** namesAThing() of a value of ASCII letters only whose words are text[from, to) split at single spaces. */
export function asciiWordsNameAThing(text: string, from: number, to: number): boolean {
  for (let s = from; s < to; ) {
    let e = text.indexOf(' ', s);
    if (e === -1 || e > to) e = to;
    if (THING_WORD_SET.has(text.slice(s, e))) return true;
    s = e + 1;
  }
  return false;
}
