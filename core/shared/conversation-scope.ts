/**
 * A conversation other people can read: a group chat, a channel, a meeting chat. Only a 1:1 chat
 * ('personal') is private; anything else, or a missing type with isGroup set, counts as shared.
 */
export function isSharedConversation(
  conversation: { conversationType?: string; isGroup?: boolean } | undefined,
) {
  if (!conversation) return false;
  if (conversation.isGroup) return true;
  return conversation.conversationType !== undefined && conversation.conversationType !== 'personal';
}
