-- Up Migration

-- A6: an optional phone number (E.164, rules/phone.ts), a login next to the member number and the email.
ALTER TABLE participants ADD COLUMN phone text CHECK (phone ~ '^\+[1-9][0-9]{7,14}$');
-- One live participant per phone, as per email (R1): an expired, rejected or closed registration frees it.
CREATE UNIQUE INDEX participants_live_phone ON participants (phone)
  WHERE phone IS NOT NULL AND status IN ('pending_confirmation', 'pending_verification', 'active');

-- A6: a sign-in code goes by SMS when a relay is configured; it is recorded with the mail, by channel.
ALTER TABLE sent_mail ADD COLUMN channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms'));

-- Down Migration
ALTER TABLE sent_mail DROP COLUMN channel;
DROP INDEX participants_live_phone;
ALTER TABLE participants DROP COLUMN phone;
