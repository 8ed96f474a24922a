-- 0012-news: placeholder; its owner replaces this file.
SELECT 1;
