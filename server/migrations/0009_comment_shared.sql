-- Whether the investor shares its comment with the company (issue 16; definitions §8.4): the
-- startup's feedback report shows the text, unsigned. Part of the comment's edit (one change
-- carries text and share), so it is ordered by the comment's own writer columns.
ALTER TABLE verdicts ADD COLUMN comment_shared INTEGER NOT NULL DEFAULT 0;
