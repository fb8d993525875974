-- 12345 work-order channel: API clients, received work orders, outbound messages.

CREATE TABLE exchange_clients (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  -- sha256 hex of the API key; the key itself is shown once
  key_hash      TEXT NOT NULL UNIQUE,
  callback_url  TEXT,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL
);

CREATE TABLE exchange_orders (
  id            INTEGER PRIMARY KEY,
  client_id     INTEGER NOT NULL REFERENCES exchange_clients(id),
  order_no      TEXT NOT NULL,          -- the 12345 platform's 工单编号
  caller_phone  TEXT,
  caller_name   TEXT,
  content       TEXT NOT NULL,
  address       TEXT,
  category      TEXT,
  due_at        TEXT,
  payload       TEXT NOT NULL,          -- the JSON as received
  status        TEXT NOT NULL DEFAULT 'received'
                CHECK (status IN ('received', 'result_sent', 'rejected', 'extension_requested')),
  report_id     INTEGER,
  case_id       INTEGER,
  received_at   TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (client_id, order_no)
);
CREATE INDEX exchange_orders_case ON exchange_orders(case_id);
CREATE INDEX exchange_orders_report ON exchange_orders(report_id);

-- Outbound: result (回单), rejection (退单), extension request (延期申请). Polled or pushed.
CREATE TABLE exchange_outbox (
  id            INTEGER PRIMARY KEY,
  order_id      INTEGER NOT NULL REFERENCES exchange_orders(id),
  kind          TEXT NOT NULL CHECK (kind IN ('result', 'reject', 'extension')),
  payload       TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  acked_at      TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT
);
CREATE INDEX exchange_outbox_pending ON exchange_outbox(acked_at, id);
