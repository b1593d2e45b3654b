package dev.parley.benchmarks.load;

import picocli.CommandLine.Option;

/** The options of the scenarios that send messages: what one request is. */
final class MessageOptions {
    @Option(names = "--payload", defaultValue = "" + MessageSpec.DEFAULT_PAYLOAD_SIZE, paramLabel = "BYTES",
            description = "Bytes per WebSocket message (ws), or characters of the event's string argument "
                    + "(socketio). Default: ${DEFAULT-VALUE}")
    int payload;

    @Option(names = "--binary", description = "ws: send binary messages instead of text.")
    boolean binary;

    @Option(names = "--ack", description = "socketio: send events with an ack id, replied to by acks, instead "
            + "of events replied to by events.")
    boolean ack;

    @Option(names = "--event", defaultValue = MessageSpec.DEFAULT_EVENT,
            description = "socketio: the event sent without --ack. Default: ${DEFAULT-VALUE}")
    String event;

    @Option(names = "--reply-event", defaultValue = MessageSpec.DEFAULT_REPLY_EVENT,
            description = "socketio: the event the server answers with. Default: ${DEFAULT-VALUE}")
    String replyEvent;

    @Option(names = "--ack-event", defaultValue = MessageSpec.DEFAULT_ACK_EVENT,
            description = "socketio: the event sent with --ack. Default: ${DEFAULT-VALUE}")
    String ackEvent;

    MessageSpec spec(Protocol protocol) {
        return new MessageSpec(protocol, payload, binary, ack, event, ackEvent, replyEvent);
    }
}
