package dev.parley.app;

/** What {@code --log-format} chooses: readable lines, or one JSON object a line for log shippers. */
enum LogFormat { text, json }
