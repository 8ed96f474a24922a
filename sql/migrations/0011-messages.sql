-- 0011-messages: placeholder; its owner replaces this file.
SELECT 1;
