-- Up Migration

-- The shop (R15–R19, A5): the operator's catalog of branded goods, and orders paid with points.
-- An order holds its points (db/ledger.ts placeHold) from the moment it is placed; its workflow
-- (workflows/order.ts) captures them when the shop completes the order, or releases them when the
-- order is cancelled, expires (A5, R17) or is rejected (R17).

-- R15: merchandise only. Admins edit the catalog; clients see the active items.
CREATE TABLE catalog_items (
  id           uuid PRIMARY KEY,
  sku          text NOT NULL UNIQUE CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  title        text NOT NULL CHECK (btrim(title) <> ''),
  description  text NOT NULL DEFAULT '',
  price_points integer NOT NULL CHECK (price_points > 0),
  stock        integer NOT NULL CHECK (stock >= 0),
  active       boolean NOT NULL DEFAULT true,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalog_items_active ON catalog_items (title) WHERE active;

CREATE TABLE orders (
  id                    uuid PRIMARY KEY,
  participant_id        uuid NOT NULL REFERENCES participants(id),
  item_id               uuid NOT NULL REFERENCES catalog_items(id),
  quantity              integer NOT NULL CHECK (quantity > 0),
  -- the price when the order was placed: a later catalog change does not reprice it (R27)
  unit_points           integer NOT NULL CHECK (unit_points > 0),
  total_points          bigint NOT NULL CHECK (total_points = unit_points::bigint * quantity),
  status                text NOT NULL CHECK (status IN
                          ('placed', 'awaiting_documents', 'awaiting_review', 'completed', 'cancelled', 'expired', 'rejected')),
  -- the points held for the order from placement until it is completed or ends otherwise
  hold_id               uuid NOT NULL UNIQUE REFERENCES holds(id),
  -- R17: the operator asked for documents proving the participant still works at the agency
  affiliation_check     boolean NOT NULL,
  workflow_id           text NOT NULL UNIQUE,
  -- R17: the documents must arrive before this instant
  documents_deadline_at timestamptz,
  documents_received_at timestamptz,
  -- A5: the shop must complete the order before this instant (set once the order may be completed)
  payment_deadline_at   timestamptz,
  decision              text CHECK (decision IN ('approved', 'rejected')),
  decision_reason       text,
  decided_by            text,
  decided_at            timestamptz,
  -- why an order ended without completion: cancelled_by_client, out_of_stock, payment_window_elapsed,
  -- documents_not_received, rejected, points_released
  end_reason            text,
  ended_at              timestamptz,
  completed_at          timestamptz,
  created_by            text NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
  CHECK ((decision IS NULL) = (decided_at IS NULL))
);
CREATE INDEX orders_participant ON orders (participant_id, created_at);
CREATE INDEX orders_status ON orders (status, created_at);
-- R16: does the participant have a completed order?
CREATE INDEX orders_completed ON orders (participant_id) WHERE status = 'completed';

-- R17: the documents uploaded for an order's affiliation check.
CREATE TABLE order_documents (
  order_id    uuid NOT NULL REFERENCES orders(id),
  document_id uuid NOT NULL UNIQUE REFERENCES documents(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, document_id)
);

ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN ('intermediary_letter', 'affiliation_proof'));

-- Down Migration
DROP TABLE order_documents, orders, catalog_items;
DELETE FROM documents WHERE kind = 'affiliation_proof';
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN ('intermediary_letter'));
