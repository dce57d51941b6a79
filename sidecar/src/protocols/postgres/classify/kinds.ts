// Statement node (libpg-query JSON) → statement kinds. The parse tree names every statement
// `<Something>Stmt`; most map directly, a few need a look at their fields.
import type { StatementKind } from '@agentgate/api';

type Node = Record<string, unknown>;

const DIRECT: Record<string, StatementKind[]> = {
  SelectStmt: ['SELECT'],
  InsertStmt: ['INSERT'],
  UpdateStmt: ['UPDATE'],
  DeleteStmt: ['DELETE'],
  MergeStmt: ['MERGE'],
  TruncateStmt: ['TRUNCATE'],
  DoStmt: ['DO'],
  CallStmt: ['CALL'],
  PrepareStmt: ['PREPARE'],
  ExecuteStmt: ['EXECUTE'],
  DeallocateStmt: ['DEALLOCATE'],
  VariableShowStmt: ['SHOW'],
  TransactionStmt: ['TRANSACTION'],
  LockStmt: ['LOCK'],
  ListenStmt: ['LISTEN'],
  UnlistenStmt: ['UNLISTEN'],
  NotifyStmt: ['NOTIFY'],
  ReindexStmt: ['REINDEX'],
  ClusterStmt: ['CLUSTER'],
  RefreshMatViewStmt: ['REFRESH'],
  CommentStmt: ['COMMENT'],
  SecLabelStmt: ['SECURITY_LABEL'],
  DeclareCursorStmt: ['DECLARE'],
  FetchStmt: ['FETCH'],
  ClosePortalStmt: ['CLOSE'],
  DiscardStmt: ['DISCARD'],
  CheckPointStmt: ['CHECKPOINT'],
  LoadStmt: ['LOAD'],
  ImportForeignSchemaStmt: ['IMPORT_FOREIGN_SCHEMA'],
  ConstraintsSetStmt: ['SET'],
  ExplainStmt: ['EXPLAIN'],
  CreateRoleStmt: ['CREATE', 'CREATE_ROLE'],
  AlterRoleStmt: ['ALTER', 'ALTER_ROLE'],
  AlterRoleSetStmt: ['ALTER', 'ALTER_ROLE'],
  DropRoleStmt: ['DROP', 'DROP_ROLE'],
  AlterSystemStmt: ['ALTER', 'ALTER_SYSTEM'],
  DropOwnedStmt: ['DROP', 'DROP_ROLE'],
  ReassignOwnedStmt: ['ALTER', 'ALTER_ROLE'],
  AlterDefaultPrivilegesStmt: ['ALTER', 'GRANT'],
  RenameStmt: ['ALTER'],
  AlterObjectSchemaStmt: ['ALTER'],
  // A new owner holds every privilege on the object.
  AlterOwnerStmt: ['ALTER', 'ALTER_SECURITY'],
  ViewStmt: ['CREATE'],
  IndexStmt: ['CREATE'],
  RuleStmt: ['CREATE'],
  DefineStmt: ['CREATE'],
  CompositeTypeStmt: ['CREATE'],
  CreatedbStmt: ['CREATE'],
  DropdbStmt: ['DROP'],
};

/**
 * Statements that install server-side code which later runs where the proxy cannot see it
 * (functions, procedures, triggers, rules, event triggers). Creating them is treated as opaque.
 */
export const CODE_DEFINING = new Set(['CreateFunctionStmt', 'CreateTrigStmt', 'RuleStmt', 'CreateEventTrigStmt', 'CreatePLangStmt', 'CreateTransformStmt']);

export function kindsOf(type: string, body: Node): StatementKind[] {
  switch (type) {
    case 'GrantStmt':
    case 'GrantRoleStmt':
      return [body.is_grant === true ? 'GRANT' : 'REVOKE'];
    case 'VariableSetStmt': {
      // SET ROLE / SET SESSION AUTHORIZATION change whose privileges run the next statements. RESET
      // only returns to the login role, so it is no escalation.
      if (String(body.kind ?? '').startsWith('VAR_RESET')) return ['RESET'];
      return ROLE_SETTINGS.has(String(body.name ?? '').toLowerCase()) ? ['SET', 'SET_ROLE'] : ['SET'];
    }
    case 'CreateExtensionStmt':
      // Extensions install server-side code (dblink, adminpack, file_fdw…).
      return ['CREATE', 'CREATE_EXTENSION'];
    case 'VacuumStmt':
      return [body.is_vacuumcmd === true ? 'VACUUM' : 'ANALYZE'];
    case 'CopyStmt': {
      const kinds: StatementKind[] = [body.is_from === true ? 'COPY_FROM' : 'COPY_TO'];
      if (body.is_program === true) kinds.push('COPY_PROGRAM');
      else if (typeof body.filename === 'string') kinds.push('COPY_FILE');
      return kinds;
    }
    case 'AlterTableStmt': {
      const subtypes = ((body.cmds as Node[] | undefined) ?? []).map((c) => String((c.AlterTableCmd as Node | undefined)?.subtype ?? ''));
      const kinds: StatementKind[] = ['ALTER'];
      if (subtypes.some((t) => t.startsWith('AT_Drop'))) kinds.push('ALTER_DROP');
      if (subtypes.some((t) => WEAKENS_ACCESS.has(t))) kinds.push('ALTER_SECURITY');
      return kinds;
    }
    default: {
      const direct = DIRECT[type];
      if (direct) return direct;
      if (type.startsWith('Create')) return ['CREATE'];
      if (type.startsWith('Drop')) return ['DROP'];
      if (type.startsWith('Alter')) return alterDrops(type, body) ? ['ALTER', 'ALTER_DROP'] : ['ALTER'];
      return ['OTHER'];
    }
  }
}

/** ALTER … DROP on objects other than tables (domains, extensions, publications, text search…). */
function alterDrops(type: string, body: Node): boolean {
  switch (type) {
    case 'AlterDomainStmt':
      return body.subtype === 'X' || body.subtype === 'N'; // DROP CONSTRAINT, DROP NOT NULL
    case 'AlterExtensionContentsStmt':
      return body.action === -1;
    case 'AlterPublicationStmt':
      return body.action === 'AP_DropObjects';
    default:
      return /"(AT_Drop\w*|\w*_DROP\w*)"/.test(JSON.stringify(body));
  }
}

/** ALTER TABLE actions that hand the table to another role or switch its row-level security off. */
const WEAKENS_ACCESS = new Set(['AT_ChangeOwner', 'AT_DisableRowSecurity', 'AT_NoForceRowSecurity']);

/** Settings that switch the role the session's statements run as. */
export const ROLE_SETTINGS = new Set(['role', 'session_authorization']);

/** Functions that run SQL given as text, so their effect is unknowable before they run. */
export const DYNAMIC_SQL_FUNCTIONS = new Set([
  'query_to_xml', 'query_to_xmlschema', 'query_to_xml_and_xmlschema', 'cursor_to_xml', 'cursor_to_xmlschema',
  'dblink', 'dblink_exec', 'dblink_open', 'dblink_send_query', 'pg_background_launch',
]);
