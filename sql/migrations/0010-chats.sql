-- 0010-chats: placeholder; its owner replaces this file.
SELECT 1;
