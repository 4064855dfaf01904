-- Titles and descriptions come from rule files and the knowledge base, which do not limit their length.
ALTER TABLE cases ALTER COLUMN title SET DATA TYPE TEXT;
ALTER TABLE cases ALTER COLUMN description SET DATA TYPE TEXT;
