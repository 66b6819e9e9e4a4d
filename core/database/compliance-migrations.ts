/**
 * Tables of the 152-FZ kit: the access and security logs (append-only, hash-chained per
 * organization), destruction acts kept 3 years, the station's texts and the subject-request
 * registry. Additive and idempotent; run by migrate() after the settings and bot tables.
 *
 * Each log row stores hash = sha256(prev_hash || canonical row), where the canonical row is the
 * jsonb text of its fields (jsonb prints keys and numbers one way only) and prev_hash is the hash
 * of the organization's previous row (64 zeros for the first). Rows are appended only through
 * zero_audit_append, which takes a per-organization lock so the chain never forks.
 */

const logTable = (log: 'access' | 'security') => /* sql */ `
CREATE TABLE IF NOT EXISTS compliance_${log}_log (
  id bigserial PRIMARY KEY,
  -- The nil uuid holds installation-wide entries (a failed login with an unknown e-mail).
  org_id uuid NOT NULL,
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  user_id uuid,
  role text,
  action text NOT NULL,
  client_ids uuid[] NOT NULL DEFAULT '{}',
  ip text,
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL,
  UNIQUE (org_id, seq)
);
CREATE INDEX IF NOT EXISTS compliance_${log}_log_clients ON compliance_${log}_log USING gin (client_ids);
CREATE INDEX IF NOT EXISTS compliance_${log}_log_at ON compliance_${log}_log (org_id, at);
DROP TRIGGER IF EXISTS append_only ON compliance_${log}_log;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON compliance_${log}_log
  FOR EACH ROW EXECUTE FUNCTION zero_audit_refuse();
DROP TRIGGER IF EXISTS append_only_truncate ON compliance_${log}_log;
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON compliance_${log}_log
  FOR EACH STATEMENT EXECUTE FUNCTION zero_audit_refuse();
REVOKE UPDATE, DELETE, TRUNCATE ON compliance_${log}_log FROM PUBLIC;
`;

export const complianceMigrationSql = /* sql */ `
CREATE OR REPLACE FUNCTION zero_audit_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'ZC010';
END $$;

CREATE OR REPLACE FUNCTION zero_audit_canonical(p_org uuid, p_seq bigint, p_at timestamptz, p_user uuid, p_role text,
  p_action text, p_clients uuid[], p_ip text, p_details jsonb)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(p_org, p_seq, (extract(epoch FROM p_at) * 1000000)::bigint, p_user, p_role, p_action,
                           to_jsonb(p_clients), p_ip, p_details)::text
$$;

${logTable('access')}
${logTable('security')}

CREATE OR REPLACE FUNCTION zero_audit_append(p_log text, p_org uuid, p_at timestamptz, p_user uuid, p_role text,
  p_action text, p_clients uuid[], p_ip text, p_details jsonb)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_last_seq bigint;
  v_last_hash text;
  v_seq bigint;
  v_prev text;
  v_hash text;
  v_id bigint;
BEGIN
  IF p_log NOT IN ('access', 'security') THEN
    RAISE EXCEPTION 'unknown log %', p_log;
  END IF;
  PERFORM pg_advisory_xact_lock(727010, hashtext(p_log || ':' || p_org::text));
  EXECUTE format('SELECT seq, hash FROM compliance_%s_log WHERE org_id = $1 ORDER BY seq DESC LIMIT 1', p_log)
    INTO v_last_seq, v_last_hash USING p_org;
  v_seq := coalesce(v_last_seq, 0) + 1;
  v_prev := coalesce(v_last_hash, repeat('0', 64));
  v_hash := encode(sha256(convert_to(v_prev || zero_audit_canonical(p_org, v_seq, p_at, p_user, p_role, p_action,
                                                                     coalesce(p_clients, '{}'), p_ip,
                                                                     coalesce(p_details, '{}')), 'UTF8')), 'hex');
  EXECUTE format('INSERT INTO compliance_%s_log (org_id, seq, at, user_id, role, action, client_ids, ip, details, prev_hash, hash)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id', p_log)
    INTO v_id USING p_org, v_seq, p_at, p_user, p_role, p_action, coalesce(p_clients, '{}'), p_ip, coalesce(p_details, '{}'),
                    v_prev, v_hash;
  RETURN v_id;
END $$;

-- Role grants and changes land in the security log whatever path made them (API, console).
-- The API may name the acting user with SET LOCAL zero.actor = '<uuid>'.
CREATE OR REPLACE FUNCTION zero_audit_user_roles() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_actor uuid := nullif(current_setting('zero.actor', true), '')::uuid;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM zero_audit_append('security', NEW.org_id, now(), v_actor, NULL, 'role-granted', '{}', NULL,
      jsonb_build_object('userId', NEW.id, 'role', NEW.role, 'branchIds', to_jsonb(NEW.branch_ids)));
  ELSIF NEW.role IS DISTINCT FROM OLD.role OR NEW.active IS DISTINCT FROM OLD.active
        OR NEW.branch_ids IS DISTINCT FROM OLD.branch_ids THEN
    PERFORM zero_audit_append('security', NEW.org_id, now(), v_actor, NULL, 'role-changed', '{}', NULL,
      jsonb_build_object('userId', NEW.id, 'from', jsonb_build_object('role', OLD.role, 'active', OLD.active,
                         'branchIds', to_jsonb(OLD.branch_ids)),
                         'to', jsonb_build_object('role', NEW.role, 'active', NEW.active, 'branchIds', to_jsonb(NEW.branch_ids))));
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS audit_roles ON users;
CREATE TRIGGER audit_roles AFTER INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION zero_audit_user_roles();

-- Destruction acts (order 179): kept 3 years from the destruction, never changed, deletable only after.
CREATE TABLE IF NOT EXISTS compliance_acts (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  client_id uuid NOT NULL,
  destroyed_at timestamptz NOT NULL,
  destroyed_by uuid,
  act jsonb NOT NULL,
  html text NOT NULL,
  log_export jsonb NOT NULL,
  log_export_html text NOT NULL,
  retention_until date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, client_id)
);
-- The acts' own numbers, per organization: «Акт № 3», not an id. A number drawn for an erasure
-- that turned out to be a repeat leaves a gap, never a second act with the same number.
CREATE TABLE IF NOT EXISTS compliance_act_numbers (
  org_id uuid PRIMARY KEY,
  last_number int NOT NULL
);
CREATE OR REPLACE FUNCTION zero_acts_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.retention_until < current_date THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'destruction acts are kept unchanged until their retention ends' USING ERRCODE = 'ZC010';
END $$;
DROP TRIGGER IF EXISTS acts_guard ON compliance_acts;
CREATE TRIGGER acts_guard BEFORE UPDATE OR DELETE ON compliance_acts FOR EACH ROW EXECUTE FUNCTION zero_acts_guard();

CREATE TABLE IF NOT EXISTS compliance_texts (
  org_id uuid NOT NULL,
  key text NOT NULL,
  text text NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid,
  PRIMARY KEY (org_id, key)
);

-- Subject requests. Free text about the person would outlive an erasure, so the only free text,
-- the staff's note, is sealed under the client's key (and shredded with it).
CREATE TABLE IF NOT EXISTS compliance_requests (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  client_id uuid,
  kind text NOT NULL,
  channel text NOT NULL,
  evidence text NOT NULL,
  note jsonb,
  received_at timestamptz NOT NULL,
  received_date date NOT NULL,
  time_zone text NOT NULL,
  due_date date NOT NULL,
  status text NOT NULL,
  extension_reason text,
  extended_at timestamptz,
  outcome text,
  closed_at timestamptz,
  closed_by uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS compliance_requests_org ON compliance_requests (org_id, status, due_date);
CREATE INDEX IF NOT EXISTS compliance_requests_client ON compliance_requests (client_id);

-- Blocked clients (152-FZ art. 20-21: while a rectification or a complaint is checked): hidden from
-- client lists and cards for staff, kept for the compliance officer. Unblocking deletes the row.
CREATE TABLE IF NOT EXISTS compliance_blocks (
  client_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  reason text NOT NULL,
  request_id uuid,
  blocked_at timestamptz NOT NULL,
  blocked_by uuid
);
CREATE INDEX IF NOT EXISTS compliance_blocks_org ON compliance_blocks (org_id);

-- Personal-data incidents with the 24 h and 72 h notices to Roskomnadzor. The summary is the
-- staff's description of the incident (never subjects' data); the scope says which clients it touches.
CREATE TABLE IF NOT EXISTS compliance_incidents (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  kind text NOT NULL,
  summary text NOT NULL,
  detected_at timestamptz NOT NULL,
  scope jsonb NOT NULL,
  categories text[] NOT NULL,
  initial_notified_at timestamptz,
  follow_up_notified_at timestamptz,
  status text NOT NULL,
  closed_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS compliance_incidents_org ON compliance_incidents (org_id, status, detected_at);

-- Retention: the station's rules over the defaults, and a record of every run.
CREATE TABLE IF NOT EXISTS compliance_retention_rules (
  org_id uuid NOT NULL,
  rule text NOT NULL,
  days int NOT NULL,
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid,
  PRIMARY KEY (org_id, rule)
);
CREATE TABLE IF NOT EXISTS compliance_retention_runs (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  trigger text NOT NULL,
  local_date date NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  results jsonb NOT NULL DEFAULT '{}',
  error text
);
CREATE INDEX IF NOT EXISTS compliance_retention_runs_org ON compliance_retention_runs (org_id, started_at);

-- A client's bookings, found in the log itself for a trail export or an erasure.
CREATE INDEX IF NOT EXISTS emt_messages_booking_client ON emt_messages ((message_data->>'clientId'))
  WHERE message_type = 'BookingRequested';
-- Prepared answers to access requests, one per request. The document itself is sealed under the
-- client's key, never kept in plain text: an erasure shreds the key, so every stored copy of the
-- answer becomes unreadable with the rest of the person's data (and the payload is cleared too).
CREATE TABLE IF NOT EXISTS compliance_trail_exports (
  request_id uuid PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  org_id uuid NOT NULL,
  client_id uuid NOT NULL,
  content jsonb,
  events int NOT NULL,
  prepared_at timestamptz NOT NULL,
  prepared_by uuid,
  released_at timestamptz,
  released_by uuid,
  delivery text NOT NULL CHECK (delivery IN ('telegram', 'download')),
  delivery_status text CHECK (delivery_status IN ('pending', 'sent', 'failed', 'ready', 'downloaded')),
  delivered_at timestamptz,
  delivery_error text,
  erased_at timestamptz
);
CREATE INDEX IF NOT EXISTS compliance_trail_exports_client ON compliance_trail_exports (client_id);
`;
