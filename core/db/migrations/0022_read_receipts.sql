-- Issue 20: "not opened" for announcements without an acknowledge button.
--
-- Teams tells a bot, in a 1:1 chat, the id of the last message the person has read there (a read
-- receipt event, application/vnd.microsoft.readReceipt; the app needs the RSC permission
-- ChatMessageReadReceipt.Read.Chat, and a person who turned read receipts off sends none). Message
-- ids in a chat are increasing numbers, so a card counts as opened when its activity id is at most
-- the last one read. One row per person: the highest id seen (receipts may arrive out of order).
-- aad_object_id is an identity copy: erasure removes the row (core/subject-rights).
create table conversation_read (
  aad_object_id         text primary key,
  last_read_message_id  bigint not null,
  updated_at            timestamptz not null default now()
);
