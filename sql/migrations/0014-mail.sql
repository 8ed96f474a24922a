-- 0014-mail: placeholder; its owner replaces this file.
SELECT 1;
