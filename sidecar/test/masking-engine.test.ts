// compileMasker: styles, findings, column rules, JSON paths, custom patterns, overlaps, linear time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentPolicy, MaskingPlan } from '@agentgate/api';
import { compileMasker, type Findings } from '../src/masking/index.js';
import { PolicyCompileError, compilePolicySet, resolveMaskingPlan } from '../src/policy/index.js';

const plan = (over: Partial<MaskingPlan> = {}): MaskingPlan => ({ ...resolveMaskingPlan([{}]), ...over });
const masker = compileMasker(plan(), { hashKey: 'unit-test-key' });

test('text without findings comes back as the same string object', () => {
  const s = 'The quarterly report is attached; revenue grew 12% to 4,200 units (v2.3.1, build 10.0.19041).';
  assert.equal(masker.maskText(s), s);
  assert.ok(Object.is(masker.maskValue('public.orders.note', s), s));
});

test('redact replaces each entity with its type and findings count entities, never values', () => {
  const f: Findings = new Map();
  const out = masker.maskText('mail a@example.com and b@example.org, card 4111 1111 1111 1111', f);
  assert.equal(out, 'mail [EMAIL] and [EMAIL], card [CREDIT_CARD]');
  assert.deepEqual([...f], [['EMAIL', 2], ['CREDIT_CARD', 1]]);
  assert.ok(![...f.keys()].some((k) => k.includes('@')));
});

test('partial keeps the non-identifying part', () => {
  const m = compileMasker(plan({ style: 'partial' }), { hashKey: 'k' });
  assert.equal(m.maskText('card 4111-1111-1111-1111 exp'), 'card ****-****-****-1111 exp');
  assert.equal(m.maskText('to jane.doe@example.com.'), 'to ***@example.com.');
  assert.equal(m.maskText('k=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789'), 'k=ghp_****');
  assert.equal(m.maskText('db postgres://app:s3cretpw@db.internal:5432/x'), 'db postgres://app:****@db.internal:5432/x');
});

test('hash is a keyed, stable HMAC token: same value same token, other key other token', () => {
  const a = compileMasker(plan({ style: 'hash' }), { hashKey: 'key-a' });
  const b = compileMasker(plan({ style: 'hash' }), { hashKey: new TextEncoder().encode('key-b') });
  const t1 = a.maskText('x jane@example.com y');
  const t2 = a.maskText('jane@example.com');
  const t3 = b.maskText('jane@example.com');
  assert.match(t1, /^x \[EMAIL:[0-9a-f]{16}\] y$/);
  assert.equal(t1.slice(2, -2), t2);
  assert.notEqual(t2, t3);
  assert.notEqual(a.maskText('john@example.com'), t2);
});

test('hash tokens are the same for one value written in different formats, and differ between values', () => {
  const m = compileMasker(plan({ style: 'hash' }), { hashKey: 'k' });
  const same = [
    ['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111'], ['Jane@Example.com', 'jane@example.com'],
    ['+44 20 7946 0958', '+44 (20) 7946-0958'], ['DE89 3704 0044 0532 0130 00', 'de89370400440532013000'],
    ['SSN 123-45-6789', 'SSN 123 45 6789'], ['00:1A:2B:3C:4D:5E', '00-1a-2b-3c-4d-5e'],
  ];
  for (const forms of same) {
    const tokens = forms.map((f) => /\[[A-Z_]+:[0-9a-f]{16}\]/.exec(m.maskText(f))?.[0]);
    assert.ok(tokens[0], forms[0]);
    for (const t of tokens) assert.equal(t, tokens[0], forms.join(' / '));
  }
  assert.notEqual(m.maskText('4111 1111 1111 1111'), m.maskText('5500 0000 0000 0004'));
  assert.notEqual(m.maskText('+44 20 7946 0958'), m.maskText('+44 20 7946 0959'));
});

test('card numbers in one run or grouped as cards print them; two numbers that happen to pass Luhn together are not one', () => {
  for (const c of ['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111', '3782 822463 10005', '3056 930902 5904', '6767 6767 6767 6767 67', '4111.1111.1111.1111', '3782.822463.10005']) {
    assert.equal(masker.maskText(`card ${c} ok`), 'card [CREDIT_CARD] ok', c);
  }
  for (const keep of ['ids 411111111111 1111 ok', 'qty 4 111 1111 1111 1111 ok', 'v 1.4111.1111.1111.1111 ok', '4111.1111.1111.1111.2 ok', '4111.1111.1111.1112 ok']) {
    assert.equal(masker.maskText(keep), keep);
  }
  // SSNs with dots too, but not inside a longer dotted number.
  assert.equal(masker.maskText('SSN 536.22.8411 on file'), 'SSN [US_SSN] on file');
  for (const keep of ['ver 536.22.8411.2', '10.536.22.8411']) assert.equal(masker.maskText(keep), keep);
});

test('EAN/GTIN product codes that pass Luhn stay after their label, key or column; a card under the same label does not', () => {
  // 4012345678909 and 4006381333932 pass Luhn and have an old 13-digit Visa's shape.
  for (const keep of ['EAN 4006381333932', 'barcode: 4006381333932', '{"ean":"4012345678909"}', 'GTIN-13: 4012345678909 ok', 'Art.-Nr. 4006381333932']) {
    assert.equal(masker.maskText(keep), keep);
  }
  assert.equal(masker.maskText('card 4012345678909'), 'card [CREDIT_CARD]');
  assert.equal(masker.maskText('sku: 4111 1111 1111 1111'), 'sku: [CREDIT_CARD]', 'grouped as cards print');
  assert.equal(masker.maskText('ean 4111111111111111'), 'ean [CREDIT_CARD]', '16 digits');
  assert.deepEqual(masker.maskJson({ ean: '4012345678909', gtin13: '4006381333932', card: '4012345678909', sku: '4111 1111 1111 1111' }), {
    ean: '4012345678909', gtin13: '4006381333932', card: '[CREDIT_CARD]', sku: '[CREDIT_CARD]',
  });
  assert.equal(masker.maskValue('public.products.ean', '4012345678909'), '4012345678909');
  assert.equal(masker.maskValue('public.products.code', '4012345678909'), '[CREDIT_CARD]');
});

test('IPv4 addresses, but not a browser version with four dotted numbers in a User-Agent', () => {
  assert.equal(masker.maskText('GET /api/hosts/10.0.0.1 from 192.168.1.20'), 'GET /api/hosts/[IPV4] from [IPV4]');
  assert.equal(masker.maskText('http://10.0.0.1:8080/health'), 'http://[IPV4]:8080/health');
  const ua = 'Mozilla/5.0 (Linux; Android 7; SM-G998P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.2.45 Mobile Safari/537.36 Edg/116.0.1.2';
  assert.equal(masker.maskText(ua), ua);
  assert.equal(masker.maskText(`client 10.1.2.3 ${ua}`), `client [IPV4] ${ua}`);
  for (const keep of ['version 10.0.19041.1', 'Version: 4.0.30.42', 'build 1.2.3.4', 'firmware 2.1.0.7']) assert.equal(masker.maskText(keep), keep);
});

test('entityStyles override the default style per entity', () => {
  const m = compileMasker(plan({ entityStyles: [{ entity: 'EMAIL', style: 'hash' }] }), { hashKey: 'k' });
  assert.match(m.maskText('a@example.com 4111111111111111'), /^\[EMAIL:[0-9a-f]{16}\] \[CREDIT_CARD\]$/);
});

test('entities select detectors', () => {
  const m = compileMasker(plan({ entities: ['EMAIL'] }), { hashKey: 'k' });
  assert.equal(m.maskText('a@example.com 4111111111111111'), '[EMAIL] 4111111111111111');
  assert.deepEqual(masker.detect('a@example.com, AKIAIOSFODNN7EXAMPLE, 10.0.0.1'), ['EMAIL', 'IPV4', 'AWS_ACCESS_KEY_ID']);
});

test('a prefixed key beats the generic assignment it sits in', () => {
  assert.equal(masker.maskText('api_key=sk-proj-abcdefghijklmnopqrstuvwx1234'), 'api_key=[OPENAI_API_KEY]');
  assert.equal(masker.maskText('password: hunter22!'), 'password: [PASSWORD]');
  assert.equal(masker.maskText('"DB_PASSWORD": "Tr0ub4dor&3"'), '"DB_PASSWORD": "[PASSWORD]"');
});

test('internationalised e-mail addresses are masked whole, not from their first ASCII letter', () => {
  const m = compileMasker(plan(), { hashKey: 'k' });
  assert.equal(m.maskText('from zoë.müller@example.com today'), 'from [EMAIL] today');
  assert.equal(m.maskText('Grüße an jürgen@münchen.de!'), 'Grüße an [EMAIL]!');
  assert.equal(m.maskText('δοκιμή@παράδειγμα.δοκιμή'), '[EMAIL]');
  // An apostrophe inside the local part belongs to it; a quote around the address does not.
  assert.equal(m.maskText("write to john.o'reilly@example.co.uk"), 'write to [EMAIL]');
  assert.equal(m.maskText("it's 'bob@example.com' and o'@example.com"), "it's '[EMAIL]' and o'@example.com");
  // Still needs a dotted domain with a TLD, as an ASCII address does.
  assert.equal(m.maskText('ü@ü and meet @ 5pm'), 'ü@ü and meet @ 5pm');
});

test('MAC addresses in colon, dash and Cisco dotted form; an all-digit dotted triple is a number', () => {
  const m = compileMasker(plan(), { hashKey: 'k' });
  assert.equal(m.maskText('a 00:1a:2b:3c:4d:5e b 00-1A-2B-3C-4D-5E'), 'a [MAC_ADDRESS] b [MAC_ADDRESS]');
  assert.equal(m.maskText('Gi0/1 aabb.cc00.0110, vlan 10'), 'Gi0/1 [MAC_ADDRESS], vlan 10');
  for (const keep of ['build 2024.0101.1200', 'v 1234.5678.9abc.def0', 'aaaa.aaaa.aaaa']) assert.equal(m.maskText(keep), keep);
});

test('national phone formats: parenthesised trunk with grouped subscriber, French pairs, slashes, Japanese dashes, 00 international prefix in context', () => {
  const m = compileMasker(plan(), { hashKey: 'k' });
  assert.equal(m.maskText('ring (020) 7946 0958 today'), 'ring [PHONE] today');
  assert.equal(m.maskText('call 0049 30 12345678'), 'call [PHONE]');
  assert.equal(m.maskText('tel: 0033 1 23 45 67 89'), 'tel: [PHONE]');
  // French numbers are written as five pairs, with one separator kind.
  assert.equal(m.maskText('Appelez-moi au 06 12 34 56 78.'), 'Appelez-moi au [PHONE].');
  assert.equal(m.maskText('fixe 01.23.45.67.89'), 'fixe [PHONE]');
  // A German slash, Japanese dashes (10 or 11 digits), an Australian one-digit area code.
  assert.equal(m.maskText('then 030/1234567 today'), 'then [PHONE] today');
  assert.equal(m.maskText('then 03-1234-5678 or 090-1234-5678'), 'then [PHONE] or [PHONE]');
  assert.equal(m.maskText('then 02 9374 4000 today'), 'then [PHONE] today');
  // Too few digits, or no phone context for the 00 form; a date and a time; six pairs; an order id of three dashed groups.
  for (const keep of ['ref (012) 34, 56', '(01) 2345', 'batch 0049 30 12345678', 'le 01.02.2023 12:30', 'scores 01 23 45 67 89 90', '06 12.34 56 78', 'order 0123-4567-8901 shipped', 'page 010/2023']) {
    assert.equal(m.maskText(keep), keep);
  }
});

test('labelled phone numbers without a trunk prefix, in many national formats; tracking numbers after a sentence stay', () => {
  const m = compileMasker(plan(), { hashKey: 'k' });
  const phones = [
    'Phone: 912 307 931', 'call me 925-314-838', 'Tel. 933.085.410', 'mobile: 979152404', 'WhatsApp 98765 43210',
    'phone no. 378 009 383', 'Phone: +09 11 49755019', 'Contact: 6 12 34 56 78 90',
    // Keys with a number suffix, as JSON and forms name them.
    '{"phone_number":"4155552671', 'phoneNumber: 912 307 931', 'mobile-no 979152404', '"contactNumber": "933085410',
    // Shorter plans and long area codes: a US local number, Italian and Danish eight digits, a Japanese 5-digit area code.
    'Phone: 555-1234', 'Tel: 11 15 19 65', 'phone: 32 12 34 56', 'Phone: 04705-7-5468',
  ];
  for (const p of phones) {
    const out = m.maskText(p);
    assert.match(out, /\[PHONE\]$/, `${p} => ${out}`);
    assert.doesNotMatch(out, /\d{2}/, `${p} => ${out}`);
  }
  // Not right after the label (a sentence ends between), a date with a time, too few digits, no label.
  for (const keep of [
    'Customer provided it during the call. Also tracking 305671288537 and more.',
    'Call scheduled 2024-01-05 10:20 with the team',
    'call me at 12 34 56',
    'order 912 307 931 shipped',
  ]) assert.equal(m.maskText(keep), keep);
});

test('IBANs in upper or lower case, with or without spaces; a lower-case token failing mod-97 stays', () => {
  for (const iban of ['DE89370400440532013000', 'de89370400440532013000', 'de89 3704 0044 0532 0130 00', 'gb82west12345698765432']) {
    assert.equal(masker.maskText(`iban ${iban} ok`), 'iban [IBAN] ok', iban);
  }
  for (const keep of ['ref de89370400440532013001 ok', 'sha de89a7f3c2b1e0d9f8a7b6c5d4e3f2a1b0c9d8e7 ok']) assert.equal(masker.maskText(keep), keep);
});

test('a labelled SSN is masked whatever its area (666, 9xx); unlabelled, only issuable numbers are', () => {
  for (const t of ['SSN: 967-49-0726', 'ssn 666 12 3456', 'social security number 912345678']) {
    assert.doesNotMatch(masker.maskText(t), /\d{4}/, t);
  }
  for (const keep of ['ref 967-49-0726', 'SSN: 000-12-3456', 'ssn 123-45-67890']) assert.equal(masker.maskText(keep), keep);
});

test('wallet addresses: valid checksums, and random-looking strings of the address alphabets without one', () => {
  for (const w of ['1BoatSLRHtKNngkdXEeobR76b53LETtpyT', '3shvVoDAK4KWBhEHE9YXqA3ZPCLb', 'bc1p9cum9gv0zl6t3fl8wq652l6kuw4cfefgsace5nexu88tk0netrxqxac2v5',
    'LTThKJwdvK458fWNBe3hrpz6jA3fqyZ6kL', 'MG8uHXYDLfypmXnYEUiLq5XfzAZZJeEQUc', 'ltc1qwamhwamhwamhwamhwamhwamhwamhwamh72v0aw']) {
    assert.equal(masker.maskText(`pay ${w} now`), 'pay [CRYPTO_WALLET] now', w);
  }
  for (const keep of ['token 1111111111111111111111111111 now', 'id bc1qqqqqqqqqqqqqqqqqqqqqqqqqqqqq now', 'pi 3.14159265358979323846264338 now', 'Let Mary meet Leo', 'MMMMMMMMMMMMMMMMMMMMMMMMMMMM now']) {
    assert.equal(masker.maskText(keep), keep);
  }
});

test('names in running text: introductions, titles, sign-offs, roles; phrases that only look like names stay', () => {
  const cases: Array<[string, string]> = [
    ['My name is Debbie Schowalter.', 'My name is [PERSON_NAME].'],
    ['I am Mamie Kassulke and I need help', 'I am [PERSON_NAME] and I need help'],
    ['This is Matt Hill from support', 'This is [PERSON_NAME] from support'],
    ['Mr. Rolando Hamill called', 'Mr. [PERSON_NAME] called'],
    ['Thanks for your help.\nRegards,\nLynn Tillman', 'Thanks for your help.\nRegards,\n[PERSON_NAME]'],
    ['Signed, Nicolas Bayer', 'Signed, [PERSON_NAME]'],
    ['Patient Martha Thiel was admitted', 'Patient [PERSON_NAME] was admitted'],
    ['the customer Ana Ruiz said so', 'the customer [PERSON_NAME] said so'],
    ['Contact person: Georgia Sipes', 'Contact person: [PERSON_NAME]'],
    ['cardholder: Austin Rau', 'cardholder: [PERSON_NAME]'],
    ['Dear Peggy Hoeger V,', 'Dear [PERSON_NAME],'],
    // A role label in lower case (logs, JSON keys); a qualified name key with a space takes one word.
    ['customer: Maria Garcia', 'customer: [PERSON_NAME]'],
    ['{"patient": "Martha Thiel"}', '{"patient": "[PERSON_NAME]"}'],
    ['last name: Smith', 'last name: [PERSON_NAME]'],
    ['Maiden name: Schmidt', 'Maiden name: [PERSON_NAME]'],
    // Scripts without case: the label says it (a bare `name:` still needs two words).
    ['{"customer_name": "老明"}', '{"customer_name": "[PERSON_NAME]"}'], ['Name: 久保 湊', 'Name: [PERSON_NAME]'], ['Name: نوف الطويل', 'Name: [PERSON_NAME]'],
  ];
  for (const [text, want] of cases) assert.equal(masker.maskText(text), want, text);
  for (const keep of [
    'I am Happy to help', 'This is Important Information.', 'Customer Service Team is here', 'Best\nRegards',
    'the customer service was slow', 'Thanks,\nTeam', 'this is fine',
    // A bare `name:` still needs two capitalised words; a role label needs a two-word name.
    'name: Report', 'file name: Report', 'customer: Premium', 'customer: premium plan',
    'Customer Infrastructure Engineer', 'Patient Care Coordinator',
    'name: 服务',
    'Hello World', 'Dear Valued Customer,', 'Dear Sir or Madam,', '{"client": "Mozilla Firefox"}', '{"tenant": "Acme Corp"}',
  ]) assert.equal(masker.maskText(keep), keep);
});

test('US street addresses ending in City, ST ZIP (or City ST ZIP) and UK ones ending in a postcode are masked with or without a label', () => {
  const cases: Array<[string, string]> = [
    ['ship to 741 E 1st Street, Ericberg, WI 09767-3862 today', 'ship to [POSTAL_ADDRESS] today'],
    ['lives at 96316 N 9th Street, North Ofeliacester, FL 13209', 'lives at [POSTAL_ADDRESS]'],
    ['HQ: 1600 Amphitheatre Parkway, Mountain View, CA 94043.', 'HQ: [POSTAL_ADDRESS].'],
    ['I live at 123 Main Street, Fairfax VA 22033', 'I live at [POSTAL_ADDRESS]'], ['1600 Pennsylvania Ave NW, Washington DC 20500', '[POSTAL_ADDRESS]'],
    // A unit in its own segment after the street.
    ['update it to 4521 Maple Avenue, Apt 3B, Denver, CO 80203.', 'update it to [POSTAL_ADDRESS].'], ['12 Oak St, Suite 200, Austin, TX 78701-1234', '[POSTAL_ADDRESS]'], ['1 Main St, #4, Springfield IL 62704', '[POSTAL_ADDRESS]'],
    // UK: a valid postcode ends it.
    ['Send the invoice to 10 Downing Street, London SW1A 2AA.', 'Send the invoice to [POSTAL_ADDRESS].'], ['Flat 3, 12 Baker St, London NW1 6XE', 'Flat 3, [POSTAL_ADDRESS]'],
    ['5 High Street, Oxford, OX1 4AA', '[POSTAL_ADDRESS]'],
  ];
  for (const [text, want] of cases) assert.equal(masker.maskText(text), want, text);
  // Not a state code, or no street number: stays.
  // Without the comma before the state, the city must be capitalised: `12 items, ships to CA 90210` is no address.
  // Not a postcode (Q cannot start one; CI is no inward code), no street number.
  for (const keep of ['version 2, build 7, XX 12345', 'see Main Street, Springfield, IL 62701', 'Order 12 items, ships to CA 90210', '5 High Street, Oxford QX1 4AA', '5 High Street, Oxford OX1 4CI', 'High Street, Oxford OX1 4AA', 'Order 12, Apt 3B, Denver, CO 80203', 'Release 2, Unit 4, Build CO 80203']) {
    assert.equal(masker.maskText(keep), keep);
  }
});

test('Google API keys and OAuth access tokens (ya29.…, with or without inner dots); the bare prefix stays', () => {
  for (const k of [`AIza${'Sy'.repeat(17)}A`, 'ya29.a0AfH6SMBx3exampleTokenValue1234567890abcdefghijklmnop', 'ya29.c.Kp8BCgi_example-token_value_1234567890']) {
    assert.equal(masker.maskText(`Bearer ${k}.`), 'Bearer [GOOGLE_API_KEY].', k);
  }
  for (const keep of ['the ya29. prefix', 'xya29.abcdefghijklmnopqrstuvwxyz', 'ya29.short']) assert.equal(masker.maskText(keep), keep);
});

test('other services\' keys by published prefix (API_KEY), also dotted ones and Telegram bot tokens; look-alike words stay', () => {
  for (const k of [
    'hf_abcdefghijklmnopqrstuvwxyzABCDEFGH', 'dop_v1_' + 'ab12'.repeat(16), 'dckr_pat_abcdefghijklmnopqrstuvwxyz12',
    'shpat_' + 'a1'.repeat(16), 'SK' + 'f0'.repeat(16), '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',
    'hvs.CAESIJlU9JMYEhOPYv4igdhm9PnZDrabYTobQ4Ymnlq1qY', 'dp.st.dev.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH', '7012345678:AAE-abcdefghijklmnopqrstuvwxyz12345',
    `https://discord.com/api/webhooks/123456789012345678/${'aB3_-'.repeat(13)}`,
  ]) assert.equal(masker.maskText(`key ${k} set`), 'key [API_KEY] set', k);
  for (const keep of ['SKU-1234567890-abcdef-ghij ok', 'key-value-store-for-the-service ok', 'the hf_ prefix ok', 'SG.io and hvs.x', 'at 12345678:AAB ok', 'see /api/webhooks/ docs']) {
    assert.equal(masker.maskText(keep), keep);
  }
});

test('identity-document and account numbers next to their label (ID_NUMBER); the same words without a number stay', () => {
  for (const t of ['Passport: 123456789', 'passport no. X1234567', "Driver's license: D1234567", 'driver_license=D12345678', 'ID card number: AB1234567', 'Account number: 000123456789']) {
    assert.match(masker.maskText(t), /\[ID_NUMBER\]$/, t);
  }
  for (const keep of ['the report 2024-01-05 is out', 'license: MIT', 'account: 12345', 'Passport No.: 2024-01-05', 'support ticket 1234567']) {
    assert.equal(masker.maskText(keep), keep);
  }
});

test('secret keys with a suffix or a long name are found alone and inside longer texts; words that start like a key are not keys', () => {
  const found: Array<[string, string]> = [
    ['passwordhash=Tr0ub4dor&3', 'passwordhash=[PASSWORD]'], ['PASSWORDHASH: "Tr0ub4dor&3"', 'PASSWORDHASH: "[PASSWORD]"'],
    ['secretKey: hunter2', 'secretKey: [PASSWORD]'], ['pwd_old=x1y2z3', 'pwd_old=[PASSWORD]'], ['apiKeyProd: "abcd1234efgh"', 'apiKeyProd: "[PASSWORD]"'],
    ['authorization: 9f8e7d6c5b4a39281706f5e4Xd3c2b1a0Q', 'authorization: [HIGH_ENTROPY_SECRET]'],
    ['sessionid=Zk3jq9LmP2xV8wRt5YbN', 'sessionid=[HIGH_ENTROPY_SECRET]'],
  ];
  for (const [text, want] of found) {
    assert.equal(masker.maskText(text), want);
    // The same with another label in the text (which once decided whether the key was looked at).
    assert.equal(masker.maskText(`token: x, ${text}`), `token: x, ${want}`);
  }
  for (const text of ['Passport: 123456789', 'Secretary: Jane Doe', 'passenger: John Smith', 'passage: the old road', 'keynote: opening talk']) {
    assert.equal(masker.maskText(`token: x, ${text}`).includes('[PASSWORD]'), false, text);
  }
  assert.equal(masker.maskText('Passport: 123456789'), 'Passport: [ID_NUMBER]');
  // A number suffix glued to the label; the number itself must not be glued on (one word is no label).
  assert.equal(masker.maskText('acctno X1234567'), 'acctno [ID_NUMBER]');
  assert.equal(masker.maskText('passportable123456'), 'passportable123456');
});

test('a comma is not a separator: comma lists and CSV numbers stay intact', () => {
  const s = '4,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 and 415,555,2671 and 123,45,6789';
  assert.equal(masker.maskText(s), s);
});

test('column rules: schema.table.column globs pick the style; null for typed columns', () => {
  const m = compileMasker(
    plan({ columns: [{ name: '*.customers.ssn', style: 'null' }, { name: 'public.*.email', style: 'hash' }, { name: 'public.users.name', style: 'redact' }] }),
    { hashKey: 'k' },
  );
  const f: Findings = new Map();
  assert.equal(m.maskValue('crm.customers.ssn', '123-45-6789', f), null);
  assert.match(m.maskValue('public.orders.email', 'a@b.co', f)!, /^\[column:public\.\*\.email:[0-9a-f]{16}\]$/);
  assert.equal(m.maskValue('public.users.name', 'Jane Doe', f), '[column:public.users.name]');
  assert.equal(m.columnStyle('crm.customers.ssn'), 'null');
  assert.equal(m.columnStyle('public.orders.total'), undefined);
  // No rule: detectors run on the value.
  assert.equal(m.maskValue('public.orders.note', 'call +1 415 555 2671', f), 'call [PHONE]');
  assert.equal(f.get('column:*.customers.ssn'), 1);
});

test('a column or JSON key that names the entity masks the whole value', () => {
  assert.equal(masker.maskValue('public.users.password', 'hunter2'), '[PASSWORD]');
  assert.equal(masker.maskValue('public.customers.customer_name', 'Jane Doe'), '[PERSON_NAME]');
  assert.equal(masker.maskValue('public.products.name', 'widget'), 'widget');
  // Values that carry no label of their own: the column or key says what they are, the value's shape agrees.
  assert.equal(masker.maskValue('public.customers.ssn', '536228411'), '[US_SSN]');
  assert.equal(masker.maskValue('public.customers.phone', '612345678'), '[PHONE]');
  assert.equal(masker.maskValue('crm.people.passport_no', 'X1234567'), '[ID_NUMBER]');
  assert.equal(masker.maskValue('public.users.email', 'Zoë.Ødegård@example.museum'), '[EMAIL]');
  assert.equal(masker.maskValue('public.users.email', 'not given'), 'not given');
  assert.deepEqual(
    masker.maskJson({ phoneNumber: '+49 (0)30 12345678 ext. 12', mobile: '4155552671', account_number: '12345678', drivers_license: 'D1234567', socialSecurityNumber: '536 22 8411' }),
    { phoneNumber: '[PHONE]', mobile: '[PHONE]', account_number: '[ID_NUMBER]', drivers_license: '[ID_NUMBER]', socialSecurityNumber: '[US_SSN]' },
  );
  // The same keys with values of another shape are left to the detectors.
  assert.deepEqual(masker.maskJson({ ssn: 'unknown', mobile: 'true', tel: 'n/a', cell: 'A1', accountNo: 'ACME', phone_model: 'iPhone 15' }), {
    ssn: 'unknown', mobile: 'true', tel: 'n/a', cell: 'A1', accountNo: 'ACME', phone_model: 'iPhone 15',
  });
  // A bare `name` holding a thing's name (a product, a build step, a company) is left to the detectors.
  assert.equal(masker.maskValue('public.products.name', 'Handmade Bamboo Shirt'), 'Handmade Bamboo Shirt');
  assert.equal(masker.maskValue('public.people.name', 'Larry Page'), '[PERSON_NAME]');
  // Whole words by letters of any script: `D'Incà` is a surname, not `Inc`.
  assert.equal(masker.maskValue('public.people.name', "Lapo D'Incà"), '[PERSON_NAME]');
  assert.equal(masker.maskValue('public.customers.customer_name', 'Bank Street'), '[PERSON_NAME]');
  assert.deepEqual(masker.maskJson({ steps: [{ name: 'Build Docker Image' }, { name: 'Ana Ruiz' }], vendor: { name: 'Acme Holdings Inc' } }), {
    steps: [{ name: 'Build Docker Image' }, { name: '[PERSON_NAME]' }], vendor: { name: 'Acme Holdings Inc' },
  });
  for (const keep of ['{"id":1,"name":"Tasty Granite Table","price":"9.50"}', 'name: Checkout Code', 'Name - Staging Cluster', 'name: Web Frontend']) {
    assert.equal(masker.maskText(keep), keep);
  }
  assert.equal(masker.maskText('{"name":"Ana Ruiz","sku":"A-1"} full_name: Handmade Shirt'), '{"name":"[PERSON_NAME]","sku":"A-1"} full_name: [PERSON_NAME]');
  assert.deepEqual(masker.maskJson({ user: { full_name: 'Jane Doe', dob: '1984-03-05', role: 'admin' } }), {
    user: { full_name: '[PERSON_NAME]', dob: '[DATE_OF_BIRTH]', role: 'admin' },
  });
  // Keys as the text labels take them: a US EIN and routing number, spaced secret keys, a CJK name of one word.
  assert.deepEqual(
    masker.maskJson({ ein: '12-3456789', tax_id: '98-7654321', aba: '021000021', routing: '021000021', 'API key': 'Zk3jq9LmP2xV8wRt5YbN', SECRET_KEY: 'x9Kq', name: '随三锋' }),
    { ein: '[ID_NUMBER]', tax_id: '[ID_NUMBER]', aba: '[ID_NUMBER]', routing: '[ID_NUMBER]', 'API key': '[PASSWORD]', SECRET_KEY: '[PASSWORD]', name: '[PERSON_NAME]' },
  );
  assert.deepEqual(masker.maskJson({ name: '服务', key: 'value', keyboard: 'qwerty', ein: 'n/a' }), { name: '服务', key: 'value', keyboard: 'qwerty', ein: 'n/a' });
});

test('maskJson: the value of a name/value entry is what its name says (Kubernetes env, AWS tags and parameters, form fields)', () => {
  const findings = new Map<string, number>();
  const input = {
    env: [{ name: 'DB_PASSWORD', value: 'Tr0ub4dor&3' }, { name: 'LOG_LEVEL', value: 'debug' }, { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'db', key: 'api_key' } } }],
    Tags: [{ Key: 'Owner', Value: 'team-a' }, { Key: 'DbPassword', Value: 'hunter22' }],
    Parameters: [{ Name: '/prod/db/password', Value: 's3cr3t!x' }, { ParameterKey: 'client_secret', ParameterValue: 'Zk3jq9Lm' }],
    fields: [{ name: 'customer_name', value: 'Jane Doe' }, { name: 'name', value: 'Acme Holdings Inc' }, { name: 'dob', value: '1984-03-05' }],
  };
  assert.deepEqual(masker.maskJson(input, findings), {
    env: [{ name: 'DB_PASSWORD', value: '[PASSWORD]' }, { name: 'LOG_LEVEL', value: 'debug' }, input.env[2]],
    Tags: [{ Key: 'Owner', Value: 'team-a' }, { Key: 'DbPassword', Value: '[PASSWORD]' }],
    Parameters: [{ Name: '/prod/db/password', Value: '[PASSWORD]' }, { ParameterKey: 'client_secret', ParameterValue: '[PASSWORD]' }],
    fields: [{ name: 'customer_name', value: '[PERSON_NAME]' }, { name: 'name', value: 'Acme Holdings Inc' }, { name: 'dob', value: '[DATE_OF_BIRTH]' }],
  });
  assert.deepEqual([...findings].sort(), [['DATE_OF_BIRTH', 1], ['PASSWORD', 4], ['PERSON_NAME', 1]]);
  // An object the entry is not part of is left as it was (no copy).
  assert.equal(masker.maskJson(input.env[2]), input.env[2]);
});

test('maskJson keeps keys and structure; JSON path rules apply first', () => {
  const m = compileMasker(
    plan({ jsonPaths: [{ path: '$.customer.note', style: 'redact' }, { path: '$.items[*].sku', style: 'hash' }, { path: '$..secret', style: 'null' }] }),
    { hashKey: 'k' },
  );
  const input = {
    customer: { note: 'VIP since 2019', email: 'jane@example.com', tags: ['a', 'b'] },
    items: [{ sku: 'A-1', qty: 2 }, { sku: 'B-2', qty: 1 }],
    deep: { x: [{ secret: 'shh' }] },
    n: 42,
  };
  const before = JSON.stringify(input);
  const out = m.maskJson(input) as typeof input;
  assert.equal(JSON.stringify(input), before, 'input not mutated');
  assert.equal(out.customer.note, '[json:$.customer.note]');
  assert.equal(out.customer.email, '[EMAIL]');
  assert.deepEqual(out.customer.tags, ['a', 'b']);
  assert.match(out.items[0]!.sku, /^\[json:\$\.items\[\*\]\.sku:[0-9a-f]{16}\]$/);
  assert.equal(out.items[0]!.qty, 2);
  assert.equal(out.deep.x[0]!.secret, null);
  assert.equal(out.n, 42);
  const clean = { a: [1, 'two', { b: 'three' }] };
  assert.equal(masker.maskJson(clean), clean, 'unchanged JSON is returned as is');
});

test('maskJson takes any depth JSON.parse takes, and keeps __proto__ an own key', () => {
  const m = compileMasker(plan({ jsonPaths: [{ path: '$..card', style: 'redact' }, { path: '$.meta', style: 'redact' }] }), { hashKey: 'k' });
  // 100,000 levels: a recursive walk overflows the stack at a few thousand.
  const depth = 100_000;
  const text = `${'{"x":'.repeat(depth)}{"email":"jane@example.com","card":"4111","ok":"fine"}${'}'.repeat(depth)}`;
  const input = JSON.parse(text) as Record<string, unknown>;
  const out = m.maskJson(input);
  let node = out as Record<string, unknown>;
  let levels = 0;
  while (node.x !== undefined) {
    node = node.x as Record<string, unknown>;
    levels++;
  }
  assert.equal(levels, depth);
  assert.deepEqual(node, { email: '[EMAIL]', card: '[json:$..card]', ok: 'fine' });
  let inNode = input;
  while (inNode.x !== undefined) inNode = inNode.x as Record<string, unknown>;
  assert.equal(inNode.email, 'jane@example.com', 'input not mutated');
  // A rule on a subtree masks its leaves at any depth too.
  const meta = JSON.parse(`{"meta":${'['.repeat(5000)}"a", null, 3${']'.repeat(5000)}}`) as unknown;
  let arr = (m.maskJson(meta) as { meta: unknown }).meta;
  for (let k = 1; k < 5000; k++) arr = (arr as unknown[])[0];
  assert.deepEqual(arr, ['[json:$.meta]', null, '[json:$.meta]']);
  assert.deepEqual(m.maskJson({ meta: null, card: null, x: { card: [null, 7] } }), { meta: null, card: null, x: { card: [null, '[json:$..card]'] } }, 'null stays null');
  const proto = JSON.parse('{"__proto__": {"email": "jane@example.com"}, "a": 1}') as object;
  const masked = m.maskJson(proto) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(masked), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(masked, '__proto__')?.value, { email: '[EMAIL]' });
});

test('JSON text (a json/jsonb value, a JSON log line) is masked as it reads, and stays valid JSON', () => {
  const cases: Array<[string, string]> = [
    ['{"note":"Name: Ana Ruiz\\nDOB: 1990-01-01\\nSSN: 536-22-8411"}', '{"note":"Name: [PERSON_NAME]\\nDOB: [DATE_OF_BIRTH]\\nSSN: [US_SSN]"}'],
    ['{"note":"password: hunter22\\nuser: bob"}', '{"note":"password: [PASSWORD]\\nuser: bob"}'],
    ['{"msg":"api_key=\\"Zk3jq9LmP2xV8wRt\\" set"}', '{"msg":"api_key=\\"[PASSWORD]\\" set"}'],
    ['{"note":"Regards,\\nLynn Tillman"}', '{"note":"Regards,\\n[PERSON_NAME]"}'],
    ['{"note":"My name is Ana Ruiz\\tand more"}', '{"note":"My name is [PERSON_NAME]\\tand more"}'],
    ['{"p":"C:\\\\new\\\\tmp"}', '{"p":"C:\\\\new\\\\tmp"}'],
  ];
  for (const [t, want] of cases) assert.equal(masker.maskText(t), want, t);
  // Random documents: values with PII, quotes, backslashes, line breaks and unicode escapes, as JSON.stringify writes them.
  let seed = 20261203;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const bits = ['Name: Ana Ruiz', 'password: "hunter22"', 'api_key=sk-', 'jane@example.com', '536-22-8411', '\n', '\t', '"', '\\', 'é', '\u2028', ' ', 'x', 'DOB: 1990-01-01', '4111 1111 1111 1111', 'Regards,\nLynn Tillman'];
  for (let k = 0; k < 2000; k++) {
    const note = Array.from({ length: 1 + rnd(8) }, () => bits[rnd(bits.length)]).join(rnd(2) ? ' ' : '');
    const doc = JSON.stringify({ id: k, note, nested: { v: note.slice(0, rnd(note.length + 1)) } });
    const out = masker.maskText(doc);
    assert.doesNotThrow(() => JSON.parse(out), `${doc} -> ${out}`);
    for (const raw of ['jane@example.com', '536-22-8411', '4111 1111 1111 1111']) assert.ok(!out.includes(raw), `${raw} left in ${out}`);
  }
});

test('custom patterns run on RE2 with their own name and style', () => {
  const m = compileMasker(plan({ customPatterns: [{ name: 'EMPLOYEE_ID', pattern: 'EMP-\\d{6}', style: 'redact' }] }), { hashKey: 'k' });
  const f: Findings = new Map();
  assert.equal(m.maskText('ticket for EMP-123456 and EMP-12', f), 'ticket for [EMPLOYEE_ID] and EMP-12');
  assert.equal(f.get('EMPLOYEE_ID'), 1);
});

test('invalid, backtracking-only and empty-matching patterns are rejected at policy compile with the field path', () => {
  const policy: AgentPolicy = {
    apiVersion: 'agentgate.dev/v1alpha1',
    kind: 'AgentPolicy',
    metadata: { name: 'p', namespace: 'agents' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      resources: [{ name: 'db' }],
      masking: {
        customPatterns: [
          { name: 'A', pattern: '(\\w+)\\1' },
          { name: 'B', pattern: 'x*' },
          { name: 'C', pattern: '([a-z' },
          { name: 'D', pattern: '(a+)+$' },
        ],
        jsonPaths: [{ path: '$.a[?(@.b)]', style: 'redact' }],
      },
    },
  };
  try {
    compilePolicySet({ policies: [policy], resources: [] }, { strictReferences: false });
    assert.fail('expected a compile error');
  } catch (e) {
    assert.ok(e instanceof PolicyCompileError);
    const msgs = e.problems.flatMap((p) => p.errors.map((fe) => `${fe.path}: ${fe.message}`));
    assert.ok(msgs.some((s) => /customPatterns\[0\]\.pattern: .*RE2/.test(s)), msgs.join('\n'));
    assert.ok(msgs.some((s) => /customPatterns\[1\]\.pattern: .*empty string/.test(s)), msgs.join('\n'));
    assert.ok(msgs.some((s) => /customPatterns\[2\]\.pattern: /.test(s)), msgs.join('\n'));
    // RE2 runs nested quantifiers in linear time, so (a+)+$ is accepted, not rejected.
    assert.ok(!msgs.some((s) => /customPatterns\[3\]/.test(s)), msgs.join('\n'));
    assert.ok(msgs.some((s) => /jsonPaths\[0\]\.path: .*unsupported/.test(s)), msgs.join('\n'));
  }
});

test('linear time on adversarial input (long digit runs, @-storms, open PEM blocks, separators)', () => {
  const custom = compileMasker(plan({ customPatterns: [{ name: 'X', pattern: '(a+)+$', style: 'redact' }] }), { hashKey: 'k' });
  const cases = [
    '1 '.repeat(100_000),
    '4'.repeat(200_000),
    '@a.'.repeat(60_000),
    'password=' + 'x'.repeat(200_000),
    '-----BEGIN PRIVATE KEY-----' + 'A'.repeat(200_000),
    'a:'.repeat(100_000),
    'Name: ' + 'Aa '.repeat(60_000),
    'a'.repeat(200_000) + '!',
    // Phone labels before digit runs and single-digit groups: every start is a labelled-phone candidate.
    'phone: ' + '1 '.repeat(100_000),
    'call me ' + '9'.repeat(200_000),
    'tel '.repeat(25_000) + '12 345 678 '.repeat(10_000),
    // Names and addresses in running text: capitalised-word runs after every kind of cue.
    'Patient ' + 'Aa '.repeat(60_000),
    'Regards,\n' + 'Aa '.repeat(60_000),
    'I am ' + 'Aa '.repeat(60_000),
    'Mr. '.repeat(50_000),
    '1 ' + 'Aa, '.repeat(50_000) + 'WI 12345',
  ];
  for (const s of cases) {
    const t0 = performance.now();
    masker.maskText(s);
    custom.maskText(s);
    const ms = performance.now() - t0;
    // ~200 KB each: a quadratic engine takes seconds here.
    assert.ok(ms < 1500, `${JSON.stringify(s.slice(0, 20))}… took ${ms.toFixed(0)} ms`);
  }
  assert.equal(masker.maskText('-----BEGIN PRIVATE KEY-----\nMIIB'), '[PRIVATE_KEY]', 'an unterminated key block is masked to the end');
});

test('Kubernetes Secret data values are masked in YAML and JSON, other fields kept', () => {
  const yaml = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: aHVudGVyMg==\n  user: YWRtaW4=\n';
  assert.equal(masker.maskText(yaml), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: [KUBERNETES_SECRET]\n  user: [KUBERNETES_SECRET]\n');
  const json = JSON.stringify({ kind: 'Secret', metadata: { name: 'db' }, data: { token: 'dG9rZW4=' } });
  assert.equal(masker.maskText(json), '{"kind":"Secret","metadata":{"name":"db"},"data":{"token":"[KUBERNETES_SECRET]"}}');
  const cm = 'kind: ConfigMap\ndata:\n  level: aW5mbw==\n';
  assert.equal(masker.maskText(cm), cm);
});

test('Kubernetes Secrets in one long text: the data of each manifest masked, once, and a ConfigMap after a --- line kept', () => {
  const secret = (i: number) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s${i}\ndata:\n  password: aHVudGVy${i}Mg==\n`;
  const cm = '---\napiVersion: v1\nkind: ConfigMap\ndata:\n  level: aW5mbw==\n';
  // Many manifests with no separator (their ranges overlap), a ConfigMap after a separator, a Secret whose data comes first.
  const filler = 'log line with nothing in it\n'.repeat(300);
  const text = Array.from({ length: 40 }, (_, i) => secret(i) + (i % 7 === 0 ? filler : '')).join('') + cm + '---\ndata:\n  token: dG9rZW4=\nkind: Secret\n';
  const findings = new Map<string, number>();
  const out = masker.maskText(text, findings);
  assert.equal(out.match(/\[KUBERNETES_SECRET\]/g)?.length, 41);
  assert.equal(findings.get('KUBERNETES_SECRET'), 41, 'each value counted once');
  assert.ok(out.includes('level: aW5mbw=='), 'the ConfigMap after the --- line keeps its data');
  assert.ok(!/aHVudGVy\d+Mg==|dG9rZW4=/.test(out), 'no Secret value is left');
});

test('a North American number next to, before and after an E.164 number is still found', () => {
  // The NANP regex starts after the first E.164 number when fewer than 10 digits precede it.
  assert.equal(masker.maskText('+1 415 555 2671'), '[PHONE]');
  assert.equal(masker.maskText('call +1 415 555 2671 or 415-555-2672'), 'call [PHONE] or [PHONE]');
  assert.equal(masker.maskText('call 415-555-2672 or +44 20 7946 0958'), 'call [PHONE] or [PHONE]');
  assert.equal(masker.maskText('415.555.2673, +1 415 555 2671, (212) 555-0100'), '[PHONE], [PHONE], [PHONE]');
  assert.equal(masker.maskText('+1 415 555 2671 x12'), '[PHONE] x12');
  // Under a phone column the whole value is the number, its extension too.
  assert.equal(masker.maskValue('public.customers.phone', '+1 415 555 2671 x12'), '[PHONE]');
});

test('every labelled name of a text is found, up to the last name key', () => {
  // The labelled-name regex stops after the last word a name key ends with (features.nameLast).
  assert.equal(
    masker.maskText('{"customer_name": "Jane Doe", "id": 7, "contactName": "John Smith", "nom": "Marie Curie"}'),
    '{"customer_name": "[PERSON_NAME]", "id": 7, "contactName": "[PERSON_NAME]", "nom": "[PERSON_NAME]"}',
  );
  assert.equal(masker.maskText('fullname=Ada Lovelace; note=nothing to see'), 'fullname=[PERSON_NAME]; note=nothing to see');
});
