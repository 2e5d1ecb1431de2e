-- The two tables of a billing system this example credits against.

-- What subscribers pay: one row per subscription. Dates are SQL dates,
-- read as midnight in the plan's billing zone (credit.Calculator.Date).
CREATE TABLE IF NOT EXISTS subscriptions (
    id           text PRIMARY KEY,
    customer_id  text    NOT NULL DEFAULT '',
    plan_id      text    NOT NULL,
    quantity     integer NOT NULL DEFAULT 1,
    active_from  date,
    active_until date,
    anchor_day   integer,
    charged      numeric
);

-- What was credited: one row per adjustment, never updated. The sum of a
-- (subscription, policy, window)'s amounts is what was issued for it; the
-- idempotency key names the transition that issued the row, so inserting
-- the same run twice adds nothing.
CREATE TABLE IF NOT EXISTS credit_adjustments (
    idempotency_key text PRIMARY KEY,
    subscription_id text        NOT NULL,
    customer_id     text        NOT NULL,
    plan_id         text        NOT NULL,
    policy          text        NOT NULL,
    policy_version  text        NOT NULL,
    window_start    timestamptz NOT NULL,
    window_end      timestamptz NOT NULL,
    currency        text        NOT NULL,
    amount          numeric     NOT NULL,
    due             numeric     NOT NULL,
    issued_before   numeric     NOT NULL,
    explanation     text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS credit_adjustments_window
    ON credit_adjustments (subscription_id, policy, window_start);
