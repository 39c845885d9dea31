-- Up Migration

-- Participants sign in (A6) by member number or email, with the password set at confirmation (R3)
-- or by a reset link (R25), then a one-time code mailed as the second factor. Every secret is kept
-- only as a hash: session and link tokens as SHA-256, codes as an HMAC with TOKEN_SECRET (a six-digit
-- code's SHA-256 could be reversed by trying all million codes).

-- Step one passed (the password was right): a code was mailed; step two trades it for a session.
CREATE TABLE sign_in_challenges (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_id uuid NOT NULL REFERENCES participants(id),
  api_client_id  uuid NOT NULL REFERENCES api_clients(id),
  code_hash      text NOT NULL,
  -- the device the sign-in comes from (sha256 of the client's device id, or of the user agent)
  device_hash    text NOT NULL,
  user_agent     text,
  ip             text,
  attempts       integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts   integer NOT NULL CHECK (max_attempts > 0),
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_challenges_participant ON sign_in_challenges (participant_id, created_at);

-- R14: credentials are personal; at most MAX_PARTICIPANT_SESSIONS live sessions per participant
-- (the oldest is revoked when a new one starts). A session belongs to the API client it was opened through.
CREATE TABLE participant_sessions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_id uuid NOT NULL REFERENCES participants(id),
  api_client_id  uuid NOT NULL REFERENCES api_clients(id),
  token_hash     text NOT NULL UNIQUE,
  device_hash    text NOT NULL,
  user_agent     text,
  ip             text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoked_reason text CHECK (revoked_reason IN ('sign_out', 'revoked', 'session_limit', 'password_reset')),
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX participant_sessions_live ON participant_sessions (participant_id, created_at) WHERE revoked_at IS NULL;

-- R14: the devices a participant has signed in from; a sign-in from any other one is mailed to them.
CREATE TABLE known_devices (
  participant_id uuid NOT NULL REFERENCES participants(id),
  device_hash    text NOT NULL,
  user_agent     text,
  first_seen_at  timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (participant_id, device_hash)
);

-- R25: one-time reset links: they expire, work once, and using one voids the participant's others.
CREATE TABLE password_resets (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_id uuid NOT NULL REFERENCES participants(id),
  token_hash     text NOT NULL UNIQUE,
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_resets_participant ON password_resets (participant_id) WHERE used_at IS NULL;

-- Rate limits shared by every API process: one fixed window per bucket (e.g. sign-in:account:<id>,
-- sign-in:ip:<address>, reset:email:<address>). A request takes a hit before it is judged and gives it
-- back when it succeeds, so parallel guesses cannot slip past the limit.
CREATE TABLE auth_attempts (
  bucket            text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  hits              integer NOT NULL CHECK (hits >= 0)
);

-- Down Migration
DROP TABLE auth_attempts, password_resets, known_devices, participant_sessions, sign_in_challenges;
