package dev.parley.chat.store;

/** An uploaded file: the stored name on disk is its {@code id}; {@code name} is what the user called it. */
public record FileMeta(String id, String name, String contentType, long size, String uploader, long createdAt) {
    public boolean isImage() {
        return contentType.startsWith("image/");
    }
}
