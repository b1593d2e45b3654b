-- Upload quotas (docs/chat.md, "Limits") sum a user's files: by uploader, not by a scan of every file.
CREATE INDEX files_uploader ON files (uploader);
