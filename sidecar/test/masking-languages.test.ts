// Labels in the other languages people write records and messages in: Spanish, French, German, Italian,
// Dutch and Portuguese labels, introductions, birth-date phrases and month names, in text, JSON keys and
// result columns; and the everyday sentences that share their words, which stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMasker } from '../src/masking/index.js';
import { resolveMaskingPlan } from '../src/policy/index.js';
import { seededInts } from './helpers/rand.js';

const masker = compileMasker(resolveMaskingPlan([{}]), { hashKey: 'unit-test-key' });

/** Every text seen by masks(), for the streaming test at the end. */
const SEEN: string[] = [];

function masks(cases: ReadonlyArray<readonly [string, string]>, keep: readonly string[] = []): void {
  for (const [t, want] of cases) assert.equal(masker.maskText(t), want, t);
  for (const k of keep) assert.equal(masker.maskText(k), k);
  SEEN.push(...cases.map(([t]) => t), ...keep);
}

test('introductions in Spanish, French, German, Italian, Dutch and Portuguese; the same verbs in other sentences stay', () => {
  masks(
    [
      ['Mi nombre es Lucía Fernández y vivo en Madrid.', 'Mi nombre es [PERSON_NAME] y vivo en Madrid.'],
      ['Me llamo Carlos Ruiz.', 'Me llamo [PERSON_NAME].'],
      ["Bonjour, je m'appelle Pierre Dubois.", "Bonjour, je m'appelle [PERSON_NAME]."],
      ['Je m’appelle Élodie.', 'Je m’appelle [PERSON_NAME].'],
      ['Mein Name ist Jürgen Weiß.', 'Mein Name ist [PERSON_NAME].'],
      ['Ich heiße Anna Schmidt und wohne in Berlin.', 'Ich heiße [PERSON_NAME] und wohne in Berlin.'],
      ['ich heisse Anna Schmidt', 'ich heisse [PERSON_NAME]'],
      ['Mi chiamo Giulia Rossi.', 'Mi chiamo [PERSON_NAME].'],
      ['Il mio nome è Marco Bianchi', 'Il mio nome è [PERSON_NAME]'],
      ['Mijn naam is Jan de Vries.', 'Mijn naam is [PERSON_NAME].'],
      ['Ik heet Pieter Jansen en ik woon in Utrecht.', 'Ik heet [PERSON_NAME] en ik woon in Utrecht.'],
      ['Meu nome é João Silva e moro em Lisboa.', 'Meu nome é [PERSON_NAME] e moro em Lisboa.'],
      ['Olá, me chamo Ana Souza.', 'Olá, me chamo [PERSON_NAME].'],
    ],
    ['Ich heiße Sie herzlich willkommen.', 'Me llamo la atención.', 'Ik heet u welkom.', "Je m'appelle comme ça.", 'The playlist is ready for Monday.',
      'Mi chiamo spesso.', 'Het sheet is klaar.'],
  );
});

test('name, birth-date, address, phone and password labels in Italian, Dutch and Portuguese, and more Spanish, French and German ones', () => {
  masks(
    [
      ['Nome: Giulia Rossi', 'Nome: [PERSON_NAME]'], ['Cognome: Bianchi', 'Cognome: [PERSON_NAME]'], ['Naam: Jan de Vries', 'Naam: [PERSON_NAME]'],
      ['Achternaam: Jansen', 'Achternaam: [PERSON_NAME]'], ['Sobrenome: Souza', 'Sobrenome: [PERSON_NAME]'], ['Apellidos: García López', 'Apellidos: [PERSON_NAME]'],
      ['Prénom : Élodie', 'Prénom : [PERSON_NAME]'], ['Nombre completo: Lucía Fernández', 'Nombre completo: [PERSON_NAME]'],
      ['Data di nascita: 12/03/1984', 'Data di nascita: [DATE_OF_BIRTH]'], ['Geboortedatum: 12-03-1984', 'Geboortedatum: [DATE_OF_BIRTH]'],
      ['Data de nascimento: 12/03/1984', 'Data de nascimento: [DATE_OF_BIRTH]'],
      ['Indirizzo: Via Roma 10, 00184 Roma', 'Indirizzo: [POSTAL_ADDRESS]'], ['Adres: Damrak 1, 1012 LG Amsterdam', 'Adres: [POSTAL_ADDRESS]'],
      ['Endereço: Rua Augusta 100, 1100-053 Lisboa', 'Endereço: [POSTAL_ADDRESS]'], ['Morada: Rua Augusta 100, Lisboa', 'Morada: [POSTAL_ADDRESS]'],
      ['Telefono: 347 123 4567', 'Telefono: [PHONE]'], ['Cellulare: 347 123 4567', 'Cellulare: [PHONE]'], ['Telefoon: 06-12345678', 'Telefoon: [PHONE]'],
      ['Telefone: (11) 91234-5678', 'Telefone: [PHONE]'], ['Telemóvel: 912 345 678', 'Telemóvel: [PHONE]'], ['Handynummer: 0171 1234567', 'Handynummer: [PHONE]'],
      ['Handy: 0171 1234567', 'Handy: [PHONE]'],
      ['Wachtwoord: Zomer2024!', 'Wachtwoord: [PASSWORD]'], ['Passwort: Sommer2024!', 'Passwort: [PASSWORD]'], ['senha: Verao2024#', 'senha: [PASSWORD]'],
      ['Het wachtwoord is Zomer2024', 'Het wachtwoord is [PASSWORD]'], ['La password è Segreta99', 'La password è [PASSWORD]'],
      ['A senha é Hunter22x', 'A senha é [PASSWORD]'],
    ],
    ['Cognome e nome del titolare', 'De naam van het bestand', 'Il telefono squilla.', 'Het wachtwoord is te kort.', 'A senha é obrigatória.',
      'Indirizzo non valido', 'Adres onbekend'],
  );
});

test('birth dates after French, Italian, Dutch and Portuguese phrases, with their month names; impossible dates stay', () => {
  masks(
    [
      ['Née le 1er mars 1984 à Lyon', 'Née le [DATE_OF_BIRTH] à Lyon'], ['né le 12/03/1984', 'né le [DATE_OF_BIRTH]'],
      ['Nato il 3 maggio 1979 a Roma', 'Nato il [DATE_OF_BIRTH] a Roma'], ['nata il 25 dicembre 1990', 'nata il [DATE_OF_BIRTH]'],
      ['geboren op 12 maart 1984', 'geboren op [DATE_OF_BIRTH]'], ['Geboren op 1 mei 1990', 'Geboren op [DATE_OF_BIRTH]'],
      ['nascido em 12 de março de 1984', 'nascido em [DATE_OF_BIRTH]'], ['nascida em 5 de outubro de 1977', 'nascida em [DATE_OF_BIRTH]'],
      ['Data di nascita: 7 settembre 1965', 'Data di nascita: [DATE_OF_BIRTH]'], ['Geboortedatum: 30 januari 2001', 'Geboortedatum: [DATE_OF_BIRTH]'],
    ],
    ['né le 31 février 1984', 'Nato il 31 giugno 1979', 'geboren op 12 foo 1984', 'Il est né le premier.', 'une née le matin'],
  );
});

test('JSON keys and result columns in these languages mask their values', () => {
  const row = {
    nome: 'Giulia Rossi', cognome: 'Rossi', achternaam: 'Jansen', telefono: '347 123 4567', telefoon: '06-12345678', celular: '(11) 91234-5678',
    wachtwoord: 'Zomer2024!', senha: 'Verao2024#', passwort: 'Sommer2024!', data_di_nascita: '12/03/1984', geboortedatum: '12-03-1984',
    data_de_nascimento: '12/03/1984', indirizzo: 'Via Roma 10, 00184 Roma', endereco: 'Rua Augusta 100, Lisboa', quantity: '12',
  };
  const out = masker.maskJson(row) as Record<string, string>;
  assert.deepEqual(out, {
    nome: '[PERSON_NAME]', cognome: '[PERSON_NAME]', achternaam: '[PERSON_NAME]', telefono: '[PHONE]', telefoon: '[PHONE]', celular: '[PHONE]',
    wachtwoord: '[PASSWORD]', senha: '[PASSWORD]', passwort: '[PASSWORD]', data_di_nascita: '[DATE_OF_BIRTH]', geboortedatum: '[DATE_OF_BIRTH]',
    data_de_nascimento: '[DATE_OF_BIRTH]', indirizzo: '[POSTAL_ADDRESS]', endereco: '[POSTAL_ADDRESS]', quantity: '12',
  });
  assert.equal(masker.maskValue('public.clientes.telefone', '(11) 91234-5678'), '[PHONE]');
  assert.equal(masker.maskValue('public.klanten.wachtwoord', 'Zomer2024!'), '[PASSWORD]');
});

test("other countries' identity numbers: labelled (SIN, Aadhaar, BSN, CPF, codice fiscale, personnummer, MRN), and a codice fiscale or CPF as issued, checked", () => {
  masks(
    [
      ['Codice fiscale: RSSMRA85T10A562S', 'Codice fiscale: [ID_NUMBER]'], ['CF RSSMRA85T10A562S in the file', 'CF [ID_NUMBER] in the file'],
      ['CPF do cliente: 529.982.247-25', 'CPF do cliente: [ID_NUMBER]'], ['titular 529.982.247-25 ok', 'titular [ID_NUMBER] ok'],
      ['my SIN is 123 456 782', 'my SIN is [ID_NUMBER]'], ['Social insurance number: 123-456-782', 'Social insurance number: [ID_NUMBER]'],
      ['Aadhaar: 2345 6789 0124', 'Aadhaar: [ID_NUMBER]'], ['BSN: 111222333', 'BSN: [ID_NUMBER]'], ['BSN 1112.22.333', 'BSN [ID_NUMBER]'],
      ['Personnummer: 811228-9874', 'Personnummer: [ID_NUMBER]'], ['MRN: 00482913', 'MRN: [ID_NUMBER]'],
    ],
    // Check characters wrong; the shape inside a longer token; a CPF-shaped version string.
    ['random 123.456.789-00 and RSSMRA85T10A562X', 'id ABCRSSMRA85T10A562S', 'v529.982.247-25', 'sin embargo 2024', 'MRN pending', 'record 123 456 789 updated'],
  );
});

test('names with the particles and titles of these languages: five words, a surname starting with its particle, Ir. / Dott.ssa / Eng.ª', () => {
  masks(
    [
      ['Nombre: María del Carmen Hidalgo Olivárez', 'Nombre: [PERSON_NAME]'], ['Achternaam: van Vliet', 'Achternaam: [PERSON_NAME]'],
      ['Apellidos: de la Cruz', 'Apellidos: [PERSON_NAME]'], ['Naam: Ir. Eray van der Horst', 'Naam: [PERSON_NAME]'],
      ['Nome: Eng.ª Olívia Oliveira', 'Nome: [PERSON_NAME]'], ['Name: João dos Santos', 'Name: [PERSON_NAME]'],
      ['Gentile Dott.ssa Bianchi, ecco il referto', 'Gentile [PERSON_NAME], ecco il referto'],
    ],
    // A bare `name` key still needs two capitalised words; a particle alone is no name.
    ['name: van', 'name: van Helsing', 'last name: de', 'Name: de facto standard'],
  );
});

test('greetings in Spanish, French, German, Italian, Dutch and Portuguese; greetings to everyone stay', () => {
  masks(
    [
      ['Estimada Sra. Lucía Ruiz,', 'Estimada [PERSON_NAME],'], ['Querido Carlos,', 'Querido [PERSON_NAME],'], ['Cher Pierre,', 'Cher [PERSON_NAME],'],
      ['Chère Élodie,', 'Chère [PERSON_NAME],'], ['Bonjour Marie Curie,', 'Bonjour [PERSON_NAME],'], ['Sehr geehrter Herr Weiß,', 'Sehr geehrter [PERSON_NAME],'],
      ['Liebe Anna,', 'Liebe [PERSON_NAME],'], ['Cara Giulia,', 'Cara [PERSON_NAME],'], ['Beste Jan,', 'Beste [PERSON_NAME],'],
      ['Geachte heer Jansen,', 'Geachte [PERSON_NAME],'], ['Prezado João Silva,', 'Prezado [PERSON_NAME],'], ['Olá Ana,', 'Olá [PERSON_NAME],'],
      ['Ciao Marco!', 'Ciao [PERSON_NAME]!'],
    ],
    ['Hallo Welt!', 'Hola a todos,', 'De beste keuze.', 'Sehr geehrte Damen und Herren,', 'Caro cliente,', 'Bonjour à tous,', 'Liebe Kunden,', 'Ciao!'],
  );
});

test('titles in German, Spanish, Portuguese, French, Italian and Dutch before a name; job titles and degrees after them stay', () => {
  masks(
    [
      ['Herr Weiß hat angerufen.', 'Herr [PERSON_NAME] hat angerufen.'], ['Sra. García llamó ayer.', 'Sra. [PERSON_NAME] llamó ayer.'],
      ['M. Dupont est arrivé.', 'M. [PERSON_NAME] est arrivé.'], ['Mme Dubois a appelé.', 'Mme [PERSON_NAME] a appelé.'],
      ['Dott.ssa Bianchi ha chiamato.', 'Dott.ssa [PERSON_NAME] ha chiamato.'], ['Dhr. Jansen belde.', 'Dhr. [PERSON_NAME] belde.'],
      ['Frau Holle', 'Frau [PERSON_NAME]'],
    ],
    ['Sr. Software Engineer role', 'Sr Developer Advocate', 'the M. Sc. degree', 'sig=abc', 'Frau und Herr'],
  );
});

test('sign-offs in Spanish, French, German, Italian, Dutch and Portuguese before a name; teams and departments after a sign-off stay', () => {
  masks(
    [
      ['Saludos,\nCarlos Ruiz', 'Saludos,\n[PERSON_NAME]'], ['Un saludo,\nLucía', 'Un saludo,\n[PERSON_NAME]'],
      ['Cordialement,\nPierre Dubois', 'Cordialement,\n[PERSON_NAME]'], ['Bien cordialement,\nÉlodie Martin', 'Bien cordialement,\n[PERSON_NAME]'],
      ['Mit freundlichen Grüßen\nAnna Schmidt', 'Mit freundlichen Grüßen\n[PERSON_NAME]'], ['Viele Grüße,\nJürgen', 'Viele Grüße,\n[PERSON_NAME]'],
      ['Cordiali saluti,\nGiulia Rossi', 'Cordiali saluti,\n[PERSON_NAME]'], ['Met vriendelijke groeten,\nJan de Vries', 'Met vriendelijke groeten,\n[PERSON_NAME]'],
      ['Atenciosamente,\nJoão Silva', 'Atenciosamente,\n[PERSON_NAME]'], ['Regards,\nLudwig van Beethoven', 'Regards,\n[PERSON_NAME]'],
    ],
    ['Atentamente,\nEl equipo', 'Saludos,\nEl equipo de Soporte', 'Thanks,\nThe Team', 'Best,\nThe Acme Support Team', 'the document\nDeployment',
      'cordialement,\npierre'],
  );
});

test('sign-offs in long texts (scanned line by line, a sign-off over its line and the next) mask as in short ones', () => {
  const filler = 'lorem ipsum dolor sit amet\n'.repeat(300);
  const out = masker.maskText(`${filler}Saludos,\nCarlos Ruiz\n${filler}Mit freundlichen Grüßen\nAnna Schmidt`);
  assert.ok(out.length > 4096);
  assert.ok(out.endsWith('Mit freundlichen Grüßen\n[PERSON_NAME]'), out.slice(-60));
  assert.ok(out.includes('Saludos,\n[PERSON_NAME]\n'));
  assert.ok(!out.includes('Carlos') && !out.includes('Anna'));
  // Every sign-off form, at the start, in the middle and at the very end of a long text, CRLF or not, with the
  // name on its line or the next: the same as each masked alone.
  const parts = ['Best regards,\nAna Ruiz', 'Thanks,\r\nLynn Tillman', 'Cheers, Mary Ann Smith', 'Cordialement,\nPierre Dubois', 'Regards,\nThe Team',
    'Met vriendelijke groeten,\nJan de Vries'];
  for (const p of parts) {
    const alone = masker.maskText(p);
    assert.notEqual(alone.includes('[PERSON_NAME]'), p.endsWith('The Team'), p);
    assert.equal(masker.maskText(`${p}\n${filler}`), `${alone}\n${filler}`, p);
    assert.equal(masker.maskText(`${filler}${p}\n${filler}`), `${filler}${alone}\n${filler}`, p);
    assert.equal(masker.maskText(`${filler}${p}`), `${filler}${alone}`, p);
  }
});

test('role labels in Spanish, Italian, Portuguese, German, Dutch and French records; companies under them stay', () => {
  masks(
    [
      ['Paciente: Ana Ruiz', 'Paciente: [PERSON_NAME]'], ['Kunde: Anna Schmidt', 'Kunde: [PERSON_NAME]'], ['Klant: Jan de Vries', 'Klant: [PERSON_NAME]'],
      ['Titular: João Silva', 'Titular: [PERSON_NAME]'], ['Destinataire: Pierre Dubois', 'Destinataire: [PERSON_NAME]'],
      ['Empfänger: Jürgen Weiß', 'Empfänger: [PERSON_NAME]'], ['"paziente": "Giulia Rossi"', '"paziente": "[PERSON_NAME]"'],
    ],
    ['Kunde: Acme Holdings', 'Klant: Jansen', 'Cliente: ACME'],
  );
});

test('streamed in random chunks, inside longer text, every case above masks as it does in one piece', () => {
  assert.ok(SEEN.length > 100);
  const rnd = seededInts(20261203);
  for (const t0 of SEEN) {
    for (const t of [t0, `prefix text ${t0} and more after it.\n`]) {
      const want = masker.maskText(t);
      for (let r = 0; r < 10; r++) {
        const s = masker.stream();
        let out = '';
        for (let i = 0; i < t.length; ) {
          const k = 1 + rnd(9);
          out += s.write(t.slice(i, i + k));
          i += k;
        }
        assert.equal(out + s.end(), want, t);
      }
    }
  }
});
