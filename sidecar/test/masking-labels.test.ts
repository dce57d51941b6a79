// Labels as people, records and model answers write them (other languages, prose joins, Markdown), and code
// that only names where a secret comes from: what the labelled detectors take and what they leave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMasker } from '../src/masking/index.js';
import { resolveMaskingPlan } from '../src/policy/index.js';

const masker = compileMasker(resolveMaskingPlan([{}]), { hashKey: 'unit-test-key' });

/** Each text masks to its expected output; each `keep` text comes back unchanged. */
function masks(cases: ReadonlyArray<readonly [string, string]>, keep: readonly string[] = []): void {
  for (const [t, want] of cases) assert.equal(masker.maskText(t), want, t);
  for (const k of keep) assert.equal(masker.maskText(k), k);
}

test('birth dates in English, German, Spanish and French forms after their labels; impossible dates stay', () => {
  const cases: Array<[string, string]> = [
    ['Geburtsdatum: 5. März 1984', 'Geburtsdatum: [DATE_OF_BIRTH]'], ['fecha de nacimiento: 5 de marzo de 1984', 'fecha de nacimiento: [DATE_OF_BIRTH]'],
    ['date de naissance : 5 mars 1984', 'date de naissance : [DATE_OF_BIRTH]'], ['DOB: 05-Mar-1984', 'DOB: [DATE_OF_BIRTH]'],
    ['geboren am 12.11.1975', 'geboren am [DATE_OF_BIRTH]'], ['nacida el 5 de marzo de 1984', 'nacida el [DATE_OF_BIRTH]'],
    ['DOB: 5-Jan-80', 'DOB: [DATE_OF_BIRTH]'], ['Birthdate: 19800105', 'Birthdate: [DATE_OF_BIRTH]'],
    ['His birthday is on July 4, 1990.', 'His birthday is on [DATE_OF_BIRTH].'], ['born on the 15th of March 1985', 'born on the [DATE_OF_BIRTH]'],
    // German puts the verb last.
    ['Ich wurde am 12.03.1985 geboren.', 'Ich wurde am [DATE_OF_BIRTH] geboren.'], ['Ich bin am 5. März 1984 in Berlin geboren', 'Ich bin am [DATE_OF_BIRTH] in Berlin geboren'],
  ];
  masks(cases, ['born on 31 Feb 1984', 'DOB: 05-Foo-1984', 'Geburtsdatum: 31. Juni 1984', 'DOB: 20251399', 'Wir treffen uns am 12.03.2025 um 10 Uhr.', 'am 12.03.1985 wurde das Haus gebaut, geboren wurde sie später']);
});

test('an address after `lives at` / `resides at` in prose; where someone lives without a number stays', () => {
  masks(
    [
      ['He lives at 42 Wallaby Way, Sydney.', 'He lives at [POSTAL_ADDRESS]'], ['She resides at 221B Baker Street, London NW1 6XE', 'She resides at [POSTAL_ADDRESS]'],
      ['Currently living at 10 Downing Street, London', 'Currently living at [POSTAL_ADDRESS]'],
    ],
    ['He lives at home.', 'She lives at the end of the road.', 'The olives at 5 stalls were fresh.', 'He lives at home since 2010.'],
  );
});

test('labels whose words a doubled space, a tab or a no-break space joins, as typed or aligned in columns; `API key` and `CVV code` as written', () => {
  masks(
    [
      ['Account  number: 972615773', 'Account  number: [ID_NUMBER]'], ['Passport\tNo.: SP3288086', 'Passport\tNo.: [ID_NUMBER]'],
      ['Bank\taccount 123456789012', 'Bank\taccount [ID_NUMBER]'], ['Tax  ID: 60847923528', 'Tax  ID: [DE_TAX_ID]'],
      ['Date\tof birth=1949-04-11', 'Date\tof birth=[DATE_OF_BIRTH]'], ['Fecha de  nacimiento: 05/03/1984', 'Fecha de  nacimiento: [DATE_OF_BIRTH]'],
      ['Social\u00a0security number: 536-22-8411', 'Social\u00a0security number: [US_SSN]'], ['Account  holder   name: Ana Ruiz', 'Account  holder   name: [PERSON_NAME]'],
      ['Home  address: 42 Wallaby Way, Sydney', 'Home  address: [POSTAL_ADDRESS]'], ["Driver's  license: D1234567", "Driver's  license: [ID_NUMBER]"],
      ['API key: Zx81kLmq2PzzRt0', 'API key: [PASSWORD]'], ['secret  key = abcDEF123', 'secret  key = [PASSWORD]'], ['CVV code: 123', 'CVV code: [PASSWORD]'],
      ['cvc2 number: 4567', 'cvc2 number: [PASSWORD]'], ['mot  de passe : Sol3il!x', 'mot  de passe : [PASSWORD]'],
    ],
    ['the api key is rotated weekly', 'an account  number of things', 'Tax    ID: 60847923528 (four blanks: two columns, no label)', 'CVV: 12'],
  );
});

test('typographic quotes around labels and values, as word processors and chat clients write them', () => {
  masks(
    [
      ['“password”: “Summer2024!”', '“password”: “[PASSWORD]”'], ['‘password’: ‘Summer2024!’', '‘password’: ‘[PASSWORD]’'],
      ['«mot de passe» : «Soleil2024»', '«mot de passe» : «[PASSWORD]»'], ['“Name”: “Ana Ruiz”', '“Name”: “[PERSON_NAME]”'],
      ['“ssn”: “536-22-8411”', '“ssn”: “[US_SSN]”'], ['“DOB”: “1984-03-05”', '“DOB”: “[DATE_OF_BIRTH]”'],
      ['Driver’s license: D1234567', 'Driver’s license: [ID_NUMBER]'], ['“api_key”: “Zk3jq9LmP2xV8wRt5YbN”', '“api_key”: “[PASSWORD]”'],
      ['“passport”: “X1234567”', '“passport”: “[ID_NUMBER]”'], ['«Reisepass» : «C01X00T47»', '«Reisepass» : «[ID_NUMBER]»'],
    ],
    ['He said “the password is fine” and left.', '“Name”: “the usual”'],
  );
});

test('a US employer identification number after its label, from an issued prefix; other numbers of its shape stay', () => {
  masks(
    [
      ['EIN: 12-3456789', 'EIN: [ID_NUMBER]'], ['FEIN 12-3456789', 'FEIN [ID_NUMBER]'], ['Employer Identification Number: 123456789', 'Employer Identification Number: [ID_NUMBER]'],
      ['Federal Tax ID: 98-7654321', 'Federal Tax ID: [ID_NUMBER]'], ['TIN: 12-3456789', 'TIN: [ID_NUMBER]'], ['Tax ID: 60847923528', 'Tax ID: [DE_TAX_ID]'],
    ],
    ['EIN: 07-3456789', 'EIN: 00-0000000', 'Order 12-3456789 shipped', 'Er hat ein 50000 Euro Auto.', 'EIN: 12-34567890'],
  );
});

test('a Chinese, Japanese or Korean name written as one word under a bare name key; a two-character word stays', () => {
  masks(
    [
      ['Name: 随三锋', 'Name: [PERSON_NAME]'], ['"name": "허건후"', '"name": "[PERSON_NAME]"'], ['name: 大内正男', 'name: [PERSON_NAME]'],
      ['Full name: 王芳', 'Full name: [PERSON_NAME]'],
    ],
    ['name: 服务', 'Name: 中华人民共和国', 'name: postgres'],
  );
});

test('a name ending in a regnal numeral (`… Acuña I`) or after a Portuguese technician\'s title (`Téc.ª`)', () => {
  masks([['Name: José Antonio Niño de Acuña I', 'Name: [PERSON_NAME]'], ['Name: Téc.ª Filipa Queiroz', 'Name: [PERSON_NAME]'], ['Name: Henry Ford II', 'Name: [PERSON_NAME]']]);
});

test('an international number whose + is URL-encoded in a query string; %2B inside a token stays', () => {
  masks(
    [['phone=%2B14155552671', 'phone=[PHONE]'], ['GET /api?email=a%40b.com&to=%2b447700900123&x=1', 'GET /api?email=[EMAIL]&to=[PHONE]&x=1']],
    ['sig=abc%2B123456789', 'x=%2B12', 'q=%2B1234567890123456'],
  );
});

test('cards of the 81–82 ranges (UnionPay 8100–8171, RuPay) pass Luhn as others do; failing ones stay', () => {
  masks([['Card: 8161 6999 9909 2349 64', 'Card: [CREDIT_CARD]'], ['card 8171999927660000', 'card [CREDIT_CARD]']], ['order 8123456789012345 shipped', 'card 8100 0000 0000 0006']);
});

test('where someone lives, said in Spanish, French, German, Italian, Dutch and Portuguese; a city and a year stay', () => {
  masks(
    [
      ['Vivo en la Calle Mayor 10, 28013 Madrid.', 'Vivo en la [POSTAL_ADDRESS]'], ["J'habite au 12 rue de la Paix, 75002 Paris.", "J'habite au [POSTAL_ADDRESS]"],
      ['Ich wohne in der Hauptstraße 5, 10115 Berlin.', 'Ich wohne in der [POSTAL_ADDRESS]'], ['Abito in via Roma 10, 00184 Roma.', 'Abito in [POSTAL_ADDRESS]'],
      ['Ik woon op de Kerkstraat 12 in Amsterdam.', 'Ik woon op de [POSTAL_ADDRESS]'], ['Moro na Rua Augusta 100, Lisboa.', 'Moro na [POSTAL_ADDRESS]'],
    ],
    ['Vivo en Madrid desde 2010.', 'Ich wohne in Berlin seit 2015.', 'Ohne Geld wohne ich in 3 Zimmern.', 'no 12 items in 3 boxes'],
  );
});

test('a bank account number after `bank account` needs no `number` after the label, nor a routing number passing its checksum after `routing` / `ABA` / `RTN`; `the account 123` stays', () => {
  masks(
    [['routing: 021000021', 'routing: [ID_NUMBER]'], ['ABA 021000021', 'ABA [ID_NUMBER]'], ['RTN: 011000015', 'RTN: [ID_NUMBER]'],
      ['Bank account 123456789012', 'Bank account [ID_NUMBER]'], ['bankAccount: 000123456789', 'bankAccount: [ID_NUMBER]'], ['BANK_ACCOUNT=12345678', 'BANK_ACCOUNT=[ID_NUMBER]']],
    ['the account 12345678', 'my account 12345678 was closed', 'account balance 12345.67', 'routing: 123456789 (fails the ABA checksum)', 'routing 50000 requests'],
  );
});

test('identity documents labelled in German, Spanish and French', () => {
  for (const t of ['Reisepass-Nr.: C01X00T47', 'Personalausweis: L01X00T47', 'Führerschein-Nr. B072RRE2I55', 'numéro de passeport : 12AB34567', 'pasaporte: XDA123456']) {
    assert.match(masker.maskText(t), /\[ID_NUMBER\]$/, t);
  }
  for (const keep of ['boarding pass 12', 'Ausweis bitte', 'the sport 2024 season']) assert.equal(masker.maskText(keep), keep);
});

test('a credential named apart from its value: Kubernetes env entries, name/value and key/value attributes, XML elements; forms and policies stay', () => {
  masks([
    ['- name: DB_PASSWORD\n  value: Tr0ub4dor&3', '- name: DB_PASSWORD\n  value: [PASSWORD]'],
    ['env:\n  - name: API_KEY\n    value: "9f8e7d6c5b4a3928"', 'env:\n  - name: API_KEY\n    value: "[PASSWORD]"'],
    ['{"name": "DB_PASSWORD", "value": "Tr0ub4dor&3"}', '{"name": "DB_PASSWORD", "value": "[PASSWORD]"}'],
    ['{"name":"client_secret","value":"Zk3jq9LmP2xV8wRt"}', '{"name":"client_secret","value":"[PASSWORD]"}'],
    ['<add key="ApiKey" value="Zk3jq9LmP2xV8wRt5YbN" />', '<add key="ApiKey" value="[PASSWORD]" />'],
    ['<property name="password" value="S3cr3t Pass"/>', '<property name="password" value="[PASSWORD]"/>'],
    ['<password>S3cr3t Pass!</password>', '<password>[PASSWORD]</password>'], ['<server><id>nexus</id><password>{AQAAABAAAAAQx}</password></server>', '<server><id>nexus</id><password>[PASSWORD]</password></server>'],
  ], [
    '<input type="password" name="password">', '<label>Password</label>', '<div class="password">Forgot?</div>', '{"name": "password", "value": ""}',
    '- name: PASSWORD_POLICY\n  value: strict', '<passwordReset>Click here</passwordReset>', '<b>Password</b>: see the vault', '- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef:',
  ]);
});

test('a no-break space around the colon (French typography, text copied from web pages) joins a label to its value', () => {
  const nb = '\u00a0';
  const nnb = '\u202f';
  masks([
    [`Mot de passe${nb}: hunter22`, `Mot de passe${nb}: [PASSWORD]`], [`password:${nb}Tr0ub4dor&3`, `password:${nb}[PASSWORD]`],
    [`Nom${nb}: Jean Dupont`, `Nom${nb}: [PERSON_NAME]`], [`Client${nnb}: Marie Curie`, `Client${nnb}: [PERSON_NAME]`],
    [`Date de naissance${nb}: 5 mars 1984`, `Date de naissance${nb}: [DATE_OF_BIRTH]`], [`Adresse${nb}: 12 rue de la Paix, 75002 Paris`, `Adresse${nb}: [POSTAL_ADDRESS]`],
    [`token:${nb}Zk3jq9LmP2xV8wRt5YbN7Qp`, `token:${nb}[HIGH_ENTROPY_SECRET]`], [`Numéro de passeport${nb}: 12AB34567`, `Numéro de passeport${nb}: [ID_NUMBER]`],
  ], [`Note${nb}: rien à signaler`, `Total${nb}: 1 234,56 €`]);
});

test('a labelled identity number written as a phone number is (an NHS number is 3-3-4): counted as ID_NUMBER; phone labels and bare numbers stay phones', () => {
  for (const t of ['NHS number: 943 476 5919', 'NHS No. 943-476-5919', 'nhs_number=943.476.5919', '**NHS number:** 943 476 5919', 'account number: 212-555-0100', 'Passport # 415 555 2671']) {
    const findings = new Map<string, number>();
    assert.match(masker.maskText(t, findings), /\[ID_NUMBER\]\**$/, t);
    assert.deepEqual([...findings], [['ID_NUMBER', 1]], t);
  }
  masks([
    ['Phone: 943 476 5919', 'Phone: [PHONE]'], ['call 943-476-5919 today', 'call [PHONE] today'], ['NHS helpline 212-555-0100', 'NHS helpline [PHONE]'],
    ['NHS number: 943 476 5919, phone 212-555-0100', 'NHS number: [ID_NUMBER], phone [PHONE]'], ['account 212 555 0100 x12', 'account [PHONE]'],
  ]);
});

test('phone numbers after prose (`reach me at`, `dial`), `ph:`, with slashes as Belgian and Hungarian numbers write them, UK/DE trunk numbers in three groups; counts stay', () => {
  const cases: Array<[string, string]> = [
    ['You can reach me at 015 953 64593 after five.', 'You can reach me at [PHONE] after five.'], ['Reached on 0442/370 100.', 'Reached on [PHONE].'],
    ['reach Ana at (+62) 408 2166 8782', 'reach Ana at [PHONE]'], ['(+34) 612 345 678', '[PHONE]'], ['Dial 0800 586 106 now', 'Dial [PHONE] now'],
    ['phone: 366/036 586', 'phone: [PHONE]'], ['tel: 949/982383', 'tel: [PHONE]'], ['Mobil: +36 70/953-7240', 'Mobil: [PHONE]'],
    ['ph: 0176 12345678', 'ph: [PHONE]'], ['see 020 7946 0958 today', 'see [PHONE] today'], ['office 0161 496 0000', 'office [PHONE]'],
  ];
  masks(cases, ['We expect to reach 1 000 000 users', 'downloads reached 2.500.000 in May', 'the breach at 0800 586 106', 'phone: 12/05/2023', 'order 0123 456 789', 'ids 5138 0838 1824 4759', 'pH 7.4 at 25 C']);
});

test('labelled addresses run on past an abbreviation\'s full stop until they hold a number; a sentence after a number ends them', () => {
  const cases: Array<[string, string]> = [
    ['Address: Calle Mayor s/n. Esc. 115', 'Address: [POSTAL_ADDRESS]'], ['{"address":"Partida Andrea s/n. Esc. 115"}', '{"address":"[POSTAL_ADDRESS]"}'],
    ['Address: 12 Main St. Call me later.', 'Address: [POSTAL_ADDRESS]. Call me later.'], ['Address: Calle Mayor, Esc. 3. Llamar antes.', 'Address: [POSTAL_ADDRESS]. Llamar antes.'],
  ];
  masks(cases, ['Address: unknown. Customer will call back with 2 options.']);
});

test('salutations and labels take names in scripts without case, Georgian, and Persian names with a zero-width non-joiner', () => {
  const cases: Array<[string, string]> = [
    ['Dear 田口 正,', 'Dear [PERSON_NAME],'], ['Dear طلال الخليفي,', 'Dear [PERSON_NAME],'], ['Name: მანჩო ვარდიაშვილი', 'Name: [PERSON_NAME]'],
    ['{"customer_name":"مهراد مصباح\u200cزاده"}', '{"customer_name":"[PERSON_NAME]"}'], ['Dear Ana María Vaca Castañeda,', 'Dear [PERSON_NAME],'], ['Dear Herman Hattingh I,', 'Dear [PERSON_NAME],'],
  ];
  masks(cases, ['Dear valued customer,', 'Hello world!']);
});

test('e-mail addresses written out to hide them, URL-encoded, HTML- or JSON-escaped, full-width; prepositions stay', () => {
  const cases: Array<[string, string]> = [
    ['mail jane[at]example.com please', 'mail [EMAIL] please'], ['jane (at) example (dot) com', '[EMAIL]'], ['write to jane dot doe at example dot com.', 'write to [EMAIL].'],
    ['email me at jane at example dot co dot uk', 'email me at [EMAIL]'], ['GET /users?email=jane%40example.com&page=2', 'GET /users?email=[EMAIL]&page=2'],
    ['<a>jane&#64;example.com</a>', '<a>[EMAIL]</a>'], ['{"to":"jane\\u0040example.com"}', '{"to":"[EMAIL]"}'], ['jane＠example.com', '[EMAIL]'],
    ['jane @ example.com', '[EMAIL]'], ['jane@example[.]com', '[EMAIL]'], ['JANE [AT] EXAMPLE [DOT] COM', '[EMAIL]'], ['jane@example dot com', '[EMAIL]'],
  ];
  masks(cases, ['look at this dot com bubble', 'meet at home dot com', 'the value at index dot product', 'jane at example dot company', 'rate at 5%40 units']);
});

test('passwords told in prose or on a command line; sentences about passwords stay', () => {
  const cases: Array<[string, string]> = [
    ['My password is hunter22.', 'My password is [PASSWORD].'],
    ['the password for the admin account is Hunter22!', 'the password for the admin account is [PASSWORD]!'],
    ['password for root: Xy7!pQ9z', 'password for root: [PASSWORD]'],
    ['psql --password s3cr3t-value -h db', 'psql --password [PASSWORD] -h db'],
    ['user "admin" with password "Tr0ub4dor&3"', 'user "admin" with password "[PASSWORD]"'],
    ["the passphrase is 'correct horse battery staple'", "the passphrase is '[PASSWORD]'"],
    ['new password was set to Kx8#mP2q, thanks', 'new password was set to [PASSWORD], thanks'],
    ['Das Passwort ist Sommer2024!', 'Das Passwort ist [PASSWORD]!'],
    ['la contraseña es Verano2024', 'la contraseña es [PASSWORD]'],
  ];
  masks(cases, [
    'the password is required', 'Password is too short.', 'password manager', 'password-protected file', 'passwordless login',
    'password reset link sent', 'Forgot password? Click here', 'password hashing with bcrypt', 'the password was changed yesterday',
    'password expires in 90 days', 'psql --password --host db', 'the password is ${DB_PASSWORD}', 'Passwort vergessen?',
    'password123 is a weak password', 'the password is stored in the vault', 'password auth failed for user "postgres"',
    'Best practices for passwords: use 12+ characters.',
  ]);
});

test('labels joined to their value in prose (`is`, `was`, a dash) count as labels; a full stop after a name stays', () => {
  const cases: Array<[string, string]> = [
    ['My date of birth is 03/15/1985.', 'My date of birth is [DATE_OF_BIRTH].'], ['DOB was 1985-03-15', 'DOB was [DATE_OF_BIRTH]'],
    ['Date of Birth - 15 March 1985', 'Date of Birth - [DATE_OF_BIRTH]'], ['His social security number is 536228411.', 'His social security number is [US_SSN].'],
    ['SSN – 536 22 8411', 'SSN – [US_SSN]'], ['My passport number is 123456789.', 'My passport number is [ID_NUMBER].'],
    ['The account number was 12345678', 'The account number was [ID_NUMBER]'], ['Full name is Maria Gonzalez.', 'Full name is [PERSON_NAME].'],
    ['Name - Maria Gonzalez', 'Name - [PERSON_NAME]'], ['patient name is Lynn', 'patient name is [PERSON_NAME]'], ['name: John F.', 'name: [PERSON_NAME]'],
  ];
  masks(cases);
  // A bare `name` still needs two capitalised words; a thing's name is not a person's; no date, no number: nothing.
  for (const keep of ['The name is Bond.', 'Host name - Web Server', 'Company Name: Acme Corp', 'file name is Quarterly Report', 'DOB is unknown',
    'the SSN is missing', 'passport number is pending', 'my birthday was 2 days ago']) {
    assert.equal(masker.maskText(keep), keep);
  }
});

test('labels formatted in Markdown, as model answers write them, count as labels; names written last name first', () => {
  const cases: Array<[string, string]> = [
    ['- **Name:** Maria Gonzalez', '- **Name:** [PERSON_NAME]'], ['**Full name**: Maria Gonzalez', '**Full name**: [PERSON_NAME]'],
    ['Name: **Maria Gonzalez**', 'Name: **[PERSON_NAME]**'], ['- **DOB:** 03/15/1985', '- **DOB:** [DATE_OF_BIRTH]'],
    ['**SSN**: 536228411', '**SSN**: [US_SSN]'], ['**Passport No.:** X1234567', '**Passport No.:** [ID_NUMBER]'],
    ['**Password:** hunter2x', '**Password:** [PASSWORD]'], ['`api_key`: "Zk3jq9LmP2xV8wRt5YbN7Qp"', '`api_key`: "[PASSWORD]"'],
    ['**Customer:** Ana Ruiz', '**Customer:** [PERSON_NAME]'], ['Patient: DOE, JOHN', 'Patient: [PERSON_NAME]'],
    ['{"name":"Gonzalez, Maria"}', '{"name":"[PERSON_NAME]"}'], ['Student: Wiktoria Wiśniewska', 'Student: [PERSON_NAME]'],
    ['"guardian": "Ana Ruiz"', '"guardian": "[PERSON_NAME]"'], ['Member: John Smith', 'Member: [PERSON_NAME]'], ['customer_name: Smith, and', 'customer_name: [PERSON_NAME], and'], ['**Address**: 221B Baker Street, London NW1 6XE', '**Address**: [POSTAL_ADDRESS]'],
  ];
  masks(cases, ['**Name:** Build Docker Image', '**Password:** required', '**DOB:** unknown', 'Owner: Platform Team', 'Driver: Nvidia Corporation', 'member: John Smith', 'number: 12345']);
});

test('passwords on the command lines agents run; the same flags as ports or options stay', () => {
  const cases: Array<[string, string]> = [
    ['mysql -u root -pS3cr3tPass! -h db', 'mysql -u root -p[PASSWORD] -h db'], ["docker login -u bob -p 'Tr0ub4dor&3' registry.example.com", "docker login -u bob -p '[PASSWORD]' registry.example.com"],
    ['sshpass -p "hunter22" ssh bob@host', 'sshpass -p "[PASSWORD]" ssh bob@host'], ['redis-cli -h cache -a s3cr3tpw ping', 'redis-cli -h cache -a [PASSWORD] ping'],
    ['curl -u admin:Secret123 https://api.example.com', 'curl -u admin:[PASSWORD] https://api.example.com'], ['curl --user "bob:pa ss" https://x', 'curl --user "bob:[PASSWORD]" https://x'],
    ['podman login --password=Xy7pQ9z quay.io', 'podman login --password=[PASSWORD] quay.io'], ['helm registry login -u me --password tok3n ghcr.io', 'helm registry login -u me --password [PASSWORD] ghcr.io'],
    ['mysqldump\t-uroot\t-pS3cr3t db', 'mysqldump\t-uroot\t-p[PASSWORD] db'],
  ];
  masks(cases, ['docker run -p 8080:80 nginx', 'mysql -P 3306 -p -u root', 'ls -a -l', 'curl -u admin https://x', 'tar -p -xf a.tar', 'grep -a pattern file']);
});

test('card security codes, PINs and one-time codes after their labels, in text, JSON keys and columns; pin numbers, status and exit codes stay', () => {
  const cases: Array<[string, string]> = [
    ['card: 4111 1111 1111 1111 exp 12/25 cvv 123', 'card: [CREDIT_CARD] exp 12/25 cvv [PASSWORD]'], ['CVV2=4567', 'CVV2=[PASSWORD]'],
    ['security code: 737', 'security code: [PASSWORD]'], ['My PIN is 4821.', 'My PIN is [PASSWORD].'], ['{"cvc":"999"}', '{"cvc":"[PASSWORD]"}'],
    ['Your verification code is 482913.', 'Your verification code is [PASSWORD].'], ['OTP: 123456', 'OTP: [PASSWORD]'], ['2FA code 551234', '2FA code [PASSWORD]'],
  ];
  masks(cases, ['GPIO pin 13', 'spin 1234', 'priority: 1234', 'cvv 12', 'pin 1.2.3', 'exit code 137', 'status code 200', 'zip code 94107', 'error code 5001']);
  assert.deepEqual(masker.maskJson({ cvv: '123', pin: '0000', card_security_code: '737', otp: '482913', pinned: 'x', status_code: '200' }), {
    cvv: '[PASSWORD]', pin: '[PASSWORD]', card_security_code: '[PASSWORD]', otp: '[PASSWORD]', pinned: 'x', status_code: '200',
  });
  assert.equal(masker.maskValue('public.cards.cvc', '999'), '[PASSWORD]');
});

test('session and auth values in Cookie and Set-Cookie headers (curl -v prints both); preferences and attributes stay', () => {
  const cases: Array<[string, string]> = [
    ['Set-Cookie: sid=s%3AJ8fK2mP9qR4tV7wX1yZ3aB5cD6eF8gH0.abcdEFGHijkl; Path=/; HttpOnly', 'Set-Cookie: sid=[HIGH_ENTROPY_SECRET]; Path=/; HttpOnly'],
    ['< set-cookie: JSESSIONID=9A8B7C6D5E4F3A2B1C0D9E8F7A6B5C4D; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=3600', '< set-cookie: JSESSIONID=[HIGH_ENTROPY_SECRET]; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=3600'],
    ['> Cookie: _ga=GA1.2.1234; sessionid=Xk92LmPq83RtZ7wV5yN1bC4dE6fG8hJ0', '> Cookie: _ga=GA1.2.1234; sessionid=[HIGH_ENTROPY_SECRET]'],
    ['{"cookie": "csrftoken=Xk92LmPq83RtZ7wV5yN1bC4dE6fG8hJ0; theme=dark"}', '{"cookie": "csrftoken=[HIGH_ENTROPY_SECRET]; theme=dark"}'],
  ];
  masks(cases, ['Cookie: theme=dark; lang=en-US', 'Set-Cookie: lang=en-US; Path=/; Max-Age=31536000']);
});

test('code that says where a secret comes from is not a secret; passwords that look a little like code still are', () => {
  for (const keep of [
    'password = os.environ["DB_PASSWORD"]', 'password = getenv("DB_PASSWORD")', 'const password = process.env.DB_PASSWORD;',
    'api_key = config.get("api_key")', 'secret: !vault |', 'password = self.password', 'password = this.dbPassword',
    'DB_PASSWORD=ENV["X"]', 'password=secrets["db"]', 'api_key: settings.API_KEY', 'the password is process.env.PW;',
  ]) assert.equal(masker.maskText(keep), keep);
  const cases: Array<[string, string]> = [
    ['password=house.monkey', 'password=[PASSWORD]'], ['password: my.Secret.Pass1', 'password: [PASSWORD]'], ['password: !hbi_lUOq', 'password: [PASSWORD]'],
    ['password: !Passw0rd', 'password: [PASSWORD]'], ['password=hunter.two', 'password=[PASSWORD]'], ['password=abc[1]xyz', 'password=[PASSWORD]'],
  ];
  masks(cases);
});

test('secrets in URLs: OAuth codes, URL-encoded signatures (SAS, presigned) masked whole; IBANs printed with dashes', () => {
  masks(
    [
      ['GET /auth/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj', 'GET /auth/callback?code=[HIGH_ENTROPY_SECRET]&state=af0ifjsldkj'],
      ['https://x.blob.core.windows.net/c/f.txt?sv=2021-08-06&sr=b&sp=r&sig=Zk3jq9LmP2xV8wRt5YbN7QpXs1%2BAbCdEf%3D&x=1',
        'https://x.blob.core.windows.net/c/f.txt?sv=2021-08-06&sr=b&sp=r&sig=[HIGH_ENTROPY_SECRET]&x=1'],
      ['IBAN: DE89-3704-0044-0532-0130-00', 'IBAN: [IBAN]'], ['iban de89-3704-0044-0532-0130-00.', 'iban [IBAN].'],
    ],
    ['exit code: 137', 'error code=ERR_CONNECTION_REFUSED', 'zip_code=94107', 'IBAN: DE89-3704-0044-0532-0130-01', 'see 50%25off'],
  );
  assert.equal(masker.maskText('mail jane%40example.com'), 'mail [EMAIL]');
});

test('a note in brackets between a label and its colon, as forms print them (`Date of birth (DOB):`, `Tax ID (EIN):`); notes elsewhere and bracketed numbers stay', () => {
  masks([
    ['Tax ID (EIN): 12-3456789', 'Tax ID (EIN): [ID_NUMBER]'], ['Employer Identification Number (EIN): 12-3456789', 'Employer Identification Number (EIN): [ID_NUMBER]'],
    ['Social Security Number (SSN): 078-05-1120', 'Social Security Number (SSN): [US_SSN]'], ['Date of Birth (DOB): 01/02/1990', 'Date of Birth (DOB): [DATE_OF_BIRTH]'],
    ['Date of birth (dd/mm/yyyy): 21/07/1990', 'Date of birth (dd/mm/yyyy): [DATE_OF_BIRTH]'], ["Driver's License (DL): D1234567", "Driver's License (DL): [ID_NUMBER]"],
    ['Passport No. (optional): X12345678', 'Passport No. (optional): [ID_NUMBER]'], ['Name (as on card): Ana Ruiz', 'Name (as on card): [PERSON_NAME]'],
    // The note is not the password: the value after the colon is.
    ['Password (temporary): Xk92LmPq83', 'Password (temporary): [PASSWORD]'], ['api_key (prod) = Zk3jq9LmP2xV8wRt5YbN', 'api_key (prod) = [PASSWORD]'],
    ['**Home address (billing):** 12 High Street, Leeds LS1 1AB', '**Home address (billing):** [POSTAL_ADDRESS]'], ['CVV (3 digits): 123', 'CVV (3 digits): [PASSWORD]'],
    ['Geburtsdatum (TT.MM.JJJJ): 01.01.1990', 'Geburtsdatum (TT.MM.JJJJ): [DATE_OF_BIRTH]'],
  ], ['Total (USD): 1234.56', 'Version (build): 10.2.3', 'Time (UTC): 12:30', 'Name (required): ', 'password (see the vault)', 'Password (min. 8 characters) must be set', 'f(x): 12345678']);
});

test('a label and its value in a Markdown table\'s cells or in markup (`| Name | Ana Ruiz |`, `<dob>…</dob>`, `<td>Phone</td><td>…`); header rows, pipes and comparisons stay', () => {
  masks([
    ['| Name | Ana Ruiz |', '| Name | [PERSON_NAME] |'], ['| Date of Birth | 1990-07-21 |', '| Date of Birth | [DATE_OF_BIRTH] |'],
    ['| Passport | X12345678 |', '| Passport | [ID_NUMBER] |'], ['|Customer name|Ana Ruiz|', '|Customer name|[PERSON_NAME]|'],
    ['<td>Date of birth</td><td>21/07/1990</td>', '<td>Date of birth</td><td>[DATE_OF_BIRTH]</td>'], ['<dob>1990-07-21</dob>', '<dob>[DATE_OF_BIRTH]</dob>'],
    ['<name>Ana Ruiz</name>', '<name>[PERSON_NAME]</name>'],
    ['| Password | Xk92LmPq83 |', '| Password | [PASSWORD] |'], ['<td>Password</td><td>Xk92LmPq83</td>', '<td>Password</td><td>[PASSWORD]</td>'],
    ['| token | Zk3jq9LmP2xV8wRt5YbN7Qp |', '| token | [HIGH_ENTROPY_SECRET] |'], ['<th>Passport No.</th> <td class="v">X12345678</td>', '<th>Passport No.</th> <td class="v">[ID_NUMBER]</td>'],
  ], [
    '| Name | Email | Phone |', '| Name | Type | Default |', '| name | string | The user\'s display name |', '| Date of Birth | Required |', '| Passport | Optional | Yes |',
    'cat names.txt | sort | uniq', 'echo $password | base64 -d', "SELECT * FROM users WHERE dob > '1990-01-01'", 'if (dob > 19900101) return', '<name>string</name>',
    '<name>Build Docker Image</name>', '<td>Name</td><td>Status</td>', '<th>Date of birth</th><th>Phone</th>', '| SSN | Last 4 |', '| Date | 2024-01-05 |', '| Name | Ana |',
    'cat password | sort | uniq', 'echo $PASSWORD | docker login --password-stdin', '| token | Type | Default |', '| Secret | Where it is kept |',
    'kubectl get secret x | grep token | cut -d: -f2',
  ]);
});

test('JSON inside a JSON string (a tool call\'s arguments), and inside that again (a logged request), is masked as it reads, and every layer stays valid JSON', () => {
  const inner = { email: 'ana.ruiz@example.com', password: 'Tr0ub4dor3x', name: 'Ana Ruiz', dob: '1990-07-21', api_key: 'Zk3jq9LmP2xV8wRt5YbN', note: 'order 12345' };
  const call = JSON.stringify({ type: 'function', function: { name: 'create_user', arguments: JSON.stringify(inner) } });
  // One level deeper: a JSON log line whose body holds the request with the tool call (`\\\"password\\\":…`).
  const logged = JSON.stringify({ level: 'info', body: JSON.stringify({ tool_calls: [{ arguments: JSON.stringify(inner) }] }) });
  for (const text of [call, logged, JSON.stringify(JSON.stringify(inner, null, 1)), `tool_use input: ${JSON.stringify(JSON.stringify(inner))}`]) {
    const out = masker.maskText(text);
    for (const v of ['ana.ruiz@example.com', 'Tr0ub4dor3x', 'Ana Ruiz', '1990-07-21', 'Zk3jq9LmP2xV8wRt5YbN']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('order 12345'), out);
    if (text === call) {
      const args = JSON.parse((JSON.parse(out) as { function: { arguments: string } }).function.arguments) as Record<string, string>;
      assert.deepEqual(Object.keys(args), Object.keys(inner));
      assert.equal(args.password, '[PASSWORD]');
    }
    if (text === logged) {
      const body = JSON.parse((JSON.parse(out) as { body: string }).body) as { tool_calls: Array<{ arguments: string }> };
      assert.equal((JSON.parse(body.tool_calls[0]!.arguments) as Record<string, string>).name, '[PERSON_NAME]');
    }
  }
});

test('a secret in a YAML block scalar (`password: |` and the value on the next line), in short and long texts, and in a Java properties entry; prose under such a key stays', () => {
  masks([
    ['  password: |\n    Tr0ub4dor3x', '  password: |\n    [PASSWORD]'], ['password: |-\n  Tr0ub4dor3x\nother: 1', 'password: |-\n  [PASSWORD]\nother: 1'],
    ['token: >\n  Zk3jq9LmP2xV8wRt5YbN7Qp', 'token: >\n  [HIGH_ENTROPY_SECRET]'], ['{"v":"password: |\\n  Tr0ub4dor3x\\n"}', '{"v":"password: |\\n  [PASSWORD]\\n"}'],
    ['<entry key="db.password">Tr0ub4dor3x</entry>', '<entry key="db.password">[PASSWORD]</entry>'],
  ], ['description: |\n  Tr0ub4dor3x', 'secret: >\n  This is a long description of the secret', 'password: |\n\n  x', 'password: |x',
    '<input name="password"> Remember me</label>', '<entry key="timeout">30</entry>', '<entry key="db.password">${DB_PASS}</entry>']);
  // Past 4 KiB the engine reads a text line by line: the block's key line is read with the line after it.
  const filler = 'replicas: 3\n'.repeat(500);
  const out = masker.maskText(`${filler}auth:\n  password: |-\n    Tr0ub4dor3x\n  token: >2\n    Zk3jq9LmP2xV8wRt5YbN7Qp\n${filler}`);
  assert.ok(out.includes('  password: |-\n    [PASSWORD]\n  token: >2\n    [HIGH_ENTROPY_SECRET]\n'), out.slice(5990, 6100));
});
