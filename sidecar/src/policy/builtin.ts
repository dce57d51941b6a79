// Built-in rule sets, written in the same Rule shape users write (a test validates them against the
// schema), evaluated after policy and resource rules so a policy can still allow explicitly.
import type { BuiltinRuleSet, Rule } from '@agentgate/api';

/** Server-side functions that read/write files, run programs, reach other servers or kill sessions. */
export const DANGEROUS_FUNCTIONS = [
  'pg_read_file', 'pg_read_binary_file', 'pg_ls_dir', 'pg_stat_file', 'pg_ls_logdir', 'pg_ls_waldir',
  'pg_ls_tmpdir', 'pg_ls_archive_statusdir', 'pg_file_write', 'pg_file_rename', 'pg_file_unlink',
  'pg_logdir_ls', 'lo_import', 'lo_export', 'pg_terminate_backend', 'pg_cancel_backend', 'pg_reload_conf',
  'pg_rotate_logfile', 'pg_promote', 'pg_switch_wal', 'pg_create_restore_point', 'pg_drop_replication_slot',
  'pg_replication_origin_drop', 'dblink*',
  // Deletes a large object: a DELETE no WHERE check sees.
  'lo_unlink',
];

const destructive: Rule[] = [
  {
    name: 'drop',
    description: 'DROP of any object (tables, schemas, databases, roles, functions…).',
    match: { sql: { statementKinds: ['DROP'] } },
    action: 'block',
    reason: 'DROP statements are blocked',
  },
  {
    name: 'truncate',
    match: { sql: { statementKinds: ['TRUNCATE'] } },
    action: 'block',
    reason: 'TRUNCATE is blocked',
  },
  {
    name: 'unbounded-write',
    description: 'UPDATE or DELETE without an effective WHERE clause (WHERE true, WHERE 1=1 count as none).',
    match: { sql: { unboundedWrite: true } },
    action: 'block',
    reason: 'UPDATE/DELETE without a WHERE clause is blocked',
  },
  {
    name: 'alter-drop',
    match: { sql: { statementKinds: ['ALTER_DROP', 'ALTER_SYSTEM'] } },
    action: 'block',
    reason: 'ALTER … DROP and ALTER SYSTEM are blocked',
  },
  {
    name: 'privileges',
    description: 'GRANT/REVOKE, role changes, SET ROLE / SET SESSION AUTHORIZATION / set_config(\'role\', …), ownership changes and switching row-level security off (privilege escalation).',
    match: { sql: { statementKinds: ['GRANT', 'REVOKE', 'CREATE_ROLE', 'ALTER_ROLE', 'DROP_ROLE', 'SECURITY_LABEL', 'SET_ROLE', 'ALTER_SECURITY'] } },
    action: 'block',
    reason: 'privilege and role changes are blocked',
  },
  {
    name: 'server-access',
    description: 'COPY to/from programs or server files, LOAD of libraries, CREATE EXTENSION (installs server-side code).',
    match: { sql: { statementKinds: ['COPY_PROGRAM', 'COPY_FILE', 'LOAD', 'CREATE_EXTENSION'] } },
    action: 'block',
    reason: 'server-side programs, files and libraries are blocked',
  },
  {
    name: 'server-functions',
    match: { sql: { functions: DANGEROUS_FUNCTIONS } },
    action: 'block',
    reason: 'server-side file, process and session functions are blocked',
  },
  {
    name: 'opaque',
    description: 'DO blocks and dynamic SQL cannot be inspected before they run. Add a hold rule above to route them to a human instead.',
    match: { sql: { opaque: true } },
    action: 'block',
    reason: 'DO blocks and dynamic SQL cannot be inspected and are blocked',
  },
  {
    name: 'unparseable',
    match: { sql: { statementKinds: ['UNPARSEABLE'] } },
    action: 'block',
    reason: 'SQL that does not parse is refused',
  },
];

export const BUILTIN_RULE_SETS: Record<BuiltinRuleSet, readonly Rule[]> = { destructive };

/** Rule sets a resource gets when `builtinRules` is unset. */
export function defaultBuiltinRuleSets(type: string): BuiltinRuleSet[] {
  return type === 'postgres' ? ['destructive'] : [];
}
