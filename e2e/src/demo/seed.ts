// The demo's shop database: a few customers with the kinds of data an agent must never see in the
// clear (e-mails, phone numbers, card numbers, SSNs) and their orders, some with free-text notes where
// PII hides in prose. Card numbers are the issuers' public test numbers (Luhn-valid, never real).
export const SCHEMA = `
CREATE TABLE customers (
  id          integer PRIMARY KEY,
  full_name   text NOT NULL,
  email       text NOT NULL,
  phone       text,
  card_number text,
  ssn         text,
  city        text
);
CREATE TABLE orders (
  id          integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers(id),
  total       numeric(10,2) NOT NULL,
  status      text NOT NULL,
  note        text
);
`;

export const CUSTOMERS = [
  { id: 1, full_name: 'Maria Gonzalez', email: 'maria.gonzalez@example.com', phone: '+1 415-555-0132', card: '4111 1111 1111 1111', ssn: '536-22-1049', city: 'San Francisco' },
  { id: 2, full_name: 'James Chen', email: 'j.chen@example.org', phone: '+1 212-555-0178', card: '5555 5555 5555 4444', ssn: '212-09-9876', city: 'New York' },
  { id: 3, full_name: 'Aisha Okafor', email: 'aisha.okafor@example.net', phone: '+1 312-555-0199', card: '3782 822463 10005', ssn: '401-77-2314', city: 'Chicago' },
  { id: 4, full_name: 'Lars Eriksson', email: 'lars@example.se', phone: '+1 206-555-0111', card: '6011 1111 1111 1117', ssn: '318-40-5521', city: 'Seattle' },
  { id: 5, full_name: 'Priya Raman', email: 'priya.raman@example.com', phone: '+1 512-555-0164', card: '4012 8888 8888 1881', ssn: '459-61-3307', city: 'Austin' },
] as const;

export const ORDERS = [
  { id: 1001, customer_id: 1, total: '129.90', status: 'shipped', note: null },
  { id: 1002, customer_id: 2, total: '54.00', status: 'delivered', note: 'Left at the door' },
  { id: 1003, customer_id: 3, total: '310.25', status: 'refund_requested', note: 'Please call me back on +1 312-555-0199 or write to aisha.okafor@example.net' },
  { id: 1004, customer_id: 1, total: '18.50', status: 'processing', note: 'Charge card 4111 1111 1111 1111 again' },
  { id: 1005, customer_id: 5, total: '72.10', status: 'shipped', note: null },
] as const;

const lit = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);

export function seedSql(): string {
  return [
    SCHEMA,
    `INSERT INTO customers VALUES\n${CUSTOMERS.map((c) => `  (${c.id}, ${lit(c.full_name)}, ${lit(c.email)}, ${lit(c.phone)}, ${lit(c.card)}, ${lit(c.ssn)}, ${lit(c.city)})`).join(',\n')};`,
    `INSERT INTO orders VALUES\n${ORDERS.map((o) => `  (${o.id}, ${o.customer_id}, ${o.total}, ${lit(o.status)}, ${lit(o.note)})`).join(',\n')};`,
  ].join('\n');
}

/** Values that must never reach the agent in the clear: what the demo test greps the output for. */
export const SECRET_VALUES: string[] = [...CUSTOMERS.flatMap((c) => [c.ssn, c.card, c.card.replaceAll(' ', '')])];
