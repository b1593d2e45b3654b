package dev.parley.chat.internal;

import dev.parley.chat.ChatConfig;
import dev.parley.chat.cluster.AttemptLimit;
import dev.parley.chat.cluster.ChatCluster;
import dev.parley.chat.cluster.Departure;
import dev.parley.chat.cluster.PresenceRegistry;
import dev.parley.chat.cluster.UserRateLimit;
import dev.parley.chat.store.ChatMessage;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.Conversation;
import dev.parley.socketio.ConnectError;
import dev.parley.socketio.EventArgs;
import dev.parley.socketio.Middleware;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat's Socket.IO events (documented in docs/chat.md). Handlers run on Socket.IO's handler threads,
 * in order per connection, so they may call the (blocking) store.
 */
public final class ChatEvents {
    public static final String DEFAULT_ROOM = "general";
    private static final String NICK = "nickname";
    /** The sender of announcements, a reserved nickname. */
    public static final String ANNOUNCER = "announcement";
    /** Prefix of the Socket.IO room of a chat room ({@link #roomKey}). */
    private static final String ROOM_PREFIX = "room:";
    /** A token issued by this connection's handshake, sent once in {@code session}. */
    private static final String ISSUED = "issuedToken";

    private final SocketIoServer io;
    private final ChatStore store;
    private final ChatConfig config;
    private final PresenceRegistry presence;
    private final ChatDirectory directory;
    private final DepartureGrace departures;
    private final MessageRules rules;
    private final UserRateLimit roomActions;
    private final UserRateLimit typingEvents;
    private final Receipts receipts;
    private final RoomExpiry roomExpiry;
    private final SessionTokens tokens;
    private final AttemptLimit registrations;
    private final MentionEvents mentions;
    private final Accounts accounts;
    private volatile boolean closing;
    private final Moderators moderators;
    private final MessageEdits edits;
    private final RoomRemovals removals;
    private final SearchEvents search;
    private final ReadBudget reads;

    /**
     * @param registrations counts registrations per client address ({@link ChatConfig#registrationLimit()})
     * @param cluster presence and rate limits: this node's memory, or shared by the nodes of a cluster
     */
    public ChatEvents(SocketIoServer io, ChatStore store, ChatConfig config, SessionTokens tokens,
            AttemptLimit registrations, ChatCluster cluster) {
        this.io = io;
        this.store = store;
        this.config = config;
        this.tokens = tokens;
        this.registrations = registrations;
        this.presence = cluster.presence();
        this.rules = new MessageRules(config,
                cluster.rateLimit("messages", config.rateLimitMessages(), config.rateLimitWindow()));
        this.roomActions = cluster.rateLimit("room-actions", config.roomActionLimit(), config.roomActionWindow());
        this.typingEvents = cluster.rateLimit("typing", config.typingLimit(), config.typingWindow());
        // Reads by the hundred at a reconnect: a token bucket, two numbers per user, rather than a log of each read.
        this.reads = new ReadBudget(cluster.tokenBucket("reads", config.reads().burst(), config.reads().perSecond()),
                config.reads());
        // Receipts follow the messages a user receives, hundreds at a reconnect: their own bucket, not the reads'.
        this.receipts = new Receipts(io, store, presence,
                cluster.tokenBucket("receipts", config.receipts().burst(), config.receipts().perSecond()),
                config.receipts());
        // Names stored before skeletons were get theirs, so that look-alikes of them are refused too.
        store.fillSkeletons(Nicknames::skeleton, Nicknames::skeleton);
        store.claimRoom(DEFAULT_ROOM, Nicknames.skeleton(DEFAULT_ROOM), Integer.MAX_VALUE);
        this.directory = new ChatDirectory(io, store, presence, config.listPageSize());
        this.departures = new DepartureGrace(config.leaveGrace());
        this.roomExpiry = new RoomExpiry(store, presence, config.roomExpiry(), DEFAULT_ROOM, directory::roomsRemoved);
        this.mentions = new MentionEvents(io, store, config.maxMentions());
        this.accounts = new Accounts(io, store, config.accounts(), tokens, cluster.attemptLimit("sign-in",
                config.accounts().signInFailureLimit(), config.accounts().signInFailureWindow(),
                config.authThrottleAddresses()), this::resolve);
        this.moderators = new Moderators(config.admins());
        this.edits = new MessageEdits(io, store, presence, rules, moderators, this::resolve, config.dataDir().resolve("files"),
                mentions, config.maxPageBytes());
        this.removals = new RoomRemovals(io, presence, directory, moderators, this::resolve);
        // Shared by the nodes, as the other per-user limits: a user's searches spread over them gain nothing.
        this.search = new SearchEvents(store, config.search(), presence, this::resolve,
                cluster.rateLimit("search", config.search().limit(), config.search().window()));
    }

    public PresenceRegistry presence() {
        return presence;
    }

    public void install() {
        io.use(identify());
        io.onConnection(this::onConnection);
        // A dead node's users: one surviving node announces what they left, as their departures would have.
        presence.onNodeDeparture(gone -> gone.forEach(this::announceDeparture));
        // Taken for dead by the others (its users announced as gone): its clients reconnect and are announced anew.
        presence.onNodeForgotten(() -> io.sockets().local().disconnectSockets(true));
        roomExpiry.start();
    }

    /**
     * Who connects: {@code {token}} a returning user (checked by {@link SessionTokens}, throttled per
     * address), {@code {nickname}} a new one, who gets a token issued by the server in {@code session}. A
     * token the server did not issue is refused, with or without a nickname (docs/chat.md, "Identity").
     * Registrations are limited per address: each one with a valid nickname counts, taken or not (so that the
     * limit also bounds how fast one address can probe which nicknames exist), and is counted before the store
     * is touched.
     */
    private Middleware identify() {
        return (socket, next) -> {
            Map<String, Object> auth = socket.handshake().auth();
            if (auth.containsKey("token")) {
                Object token = auth.get("token");
                SessionTokens.Check check = tokens.verify(token instanceof String t ? t : null, socket.handshake().address());
                switch (check.status()) {
                    case OK -> {
                        socket.data().put(NICK, check.nickname());
                        socket.data().put(Accounts.SESSION, SessionTokens.selector((String) token));
                        next.proceed();
                    }
                    case RATE_LIMITED -> next.fail(new ConnectError("Too many failed attempts: try again later",
                            Map.of("code", "rate_limited")));
                    default -> next.fail(new ConnectError("Unknown session token: log in again",
                            Map.of("code", "token_invalid")));
                }
                return;
            }
            if (accounts.signIn(auth, socket.handshake().address(), next, (nick, issued) -> admit(socket, next, nick, issued))) {
                return;
            }
            Object requested = auth.get("nickname");
            String candidate = Nicknames.normalize(requested instanceof String s ? s : null);
            String problem = Nicknames.problem(candidate);
            if (problem != null) {
                next.fail(new ConnectError(problem, Map.of("code", candidate == null || candidate.isEmpty()
                        ? "nickname_required" : "nickname_invalid")));
                return;
            }
            ConnectError refused = accounts.registrationRefusal(auth);
            if (refused != null) {
                next.fail(refused);
                return;
            }
            if (!registrations.tryAcquire(socket.handshake().address())) {
                next.fail(new ConnectError("Too many new nicknames from your address: try again later",
                        Map.of("code", "registration_limited")));
                return;
            }
            // Taken: refused before any password is hashed for it.
            if (!store.nicknamesLike(candidate, Nicknames.skeleton(candidate)).isEmpty()) {
                next.fail(taken(candidate));
                return;
            }
            if (!accounts.registerSecured(auth, next, hash -> register(socket, next, candidate, hash))) {
                register(socket, next, candidate, null);
            }
        };
    }

    /** Claims the nickname (secured by {@code passwordHash}, or a guest's if null) and admits the socket. */
    private void register(SocketIoSocket socket, Middleware.Next next, String candidate, String passwordHash) {
        String issued = tokens.register(candidate, passwordHash);
        if (issued == null) {
            next.fail(taken(candidate));
            return;
        }
        admit(socket, next, candidate, issued);
    }

    private ConnectError taken(String candidate) {
        String why = resolve(candidate) != null ? "is taken" : "looks too much like a taken nickname";
        return new ConnectError("The nickname \"" + candidate + "\" " + why, Map.of("code", "nickname_taken"));
    }

    /** Lets the socket in as {@code nickname}, with the token just issued to it (sent once, in {@code session}). */
    private void admit(SocketIoSocket socket, Middleware.Next next, String nickname, String issued) {
        socket.data().put(NICK, nickname);
        socket.data().put(ISSUED, issued);
        socket.data().put(Accounts.SESSION, SessionTokens.selector(issued));
        next.proceed();
    }

    static String nick(SocketIoSocket socket) {
        return (String) socket.data().get(NICK);
    }

    private void onConnection(SocketIoSocket socket) {
        if (!accounts.admitted(socket)) {
            return;
        }
        String me = nick(socket);
        socket.join(userRoom(me));
        // Recovered under the same id within the grace period: it never left.
        departures.cancel(socket.id());
        boolean cameOnline = presence.connect(me, socket.id());
        // The issued token goes to this connection only, once; it is not kept on the socket afterwards.
        Object issued = socket.data().remove(ISSUED);
        // With the limits a client can check before sending, so that a page keeps what it cannot send.
        Map<String, Object> session = new LinkedHashMap<>();
        session.put(NICK, me);
        if (issued != null) {
            session.put("token", issued);
        }
        session.put("limits", Map.of("maxMessageLength", config.maxMessageLength(), "maxUploadSize", config.maxUploadSize()));
        session.put("account", accounts.describe(me));
        if (moderators.isModerator(me)) {
            session.put("moderator", true);
        }
        socket.emit("session", session);
        // Only the change goes to everyone; the lists are the client's to ask for (presence:list, rooms:list).
        if (cameOnline) {
            directory.presenceChanged(me, true);
        }
        for (ChatMessage pending : store.undelivered(me)) {
            socket.emit("private", MessageViews.of(pending, store));
        }
        if (socket.recovered()) {
            rejoinRecoveredRooms(socket, me);
        }
        socket.on("room:join", args -> join(socket, args));
        socket.on("room:leave", args -> leave(socket, args));
        // Every read takes from the user's budget first (docs/chat.md, "Reading limits"); like every request's
        // answer: {ok: true, ...} (docs/chat.md, "Events").
        reads.on(socket, me, "rooms:list", args -> args.ack(withOk(directory.roomPage(Payload.of(args.get(0)).string("after")))));
        reads.on(socket, me, "presence:list",
                args -> args.ack(withOk(directory.presencePage(Payload.of(args.get(0)).string("after")))));
        socket.on("message:send", args -> sendToRoom(socket, args));
        socket.on("private:send", args -> sendPrivate(socket, args));
        receipts.install(socket, me);
        socket.on("typing", args -> typing(socket, args));
        reads.on(socket, me, "history", args -> history(socket, args));
        reads.on(socket, me, "private:history", args -> privateHistory(socket, args));
        reads.on(socket, me, "conversations", args -> conversations(socket, args));
        reads.on(socket, me, "sync", args -> sync(socket, args));
        reads.on(socket, me, "announcements", args -> announcements(args));
        mentions.install(socket, me, reads);
        accounts.listen(socket, me);
        edits.install(socket, reads);
        removals.install(socket);
        search.install(socket, me, reads);
        socket.onDisconnect(reason -> onDisconnect(socket, me));
    }

    /**
     * A recovered socket (connection state recovery, on this node or, with the streams adapter, on another) is
     * back in its Socket.IO rooms but not in this node's presence, which its disconnection cleared or never
     * had: put it back, so that it can send there without joining again (the web client does not rejoin
     * after a recovery), and announce it as a join would.
     */
    private void rejoinRecoveredRooms(SocketIoSocket socket, String me) {
        for (String key : socket.rooms()) {
            if (!key.startsWith(ROOM_PREFIX)) {
                continue;
            }
            String room = key.substring(ROOM_PREFIX.length());
            if (presence.join(me, socket.id(), room)) {
                announceMembership(room, me, true);
                directory.roomChanged(room);
            }
        }
    }

    /** The application is stopping: disconnections no longer touch the store or notify anyone. */
    public void shutdown() {
        closing = true;
        accounts.close();
        roomExpiry.close();
        departures.close();
    }

    private void onDisconnect(SocketIoSocket socket, String me) {
        if (closing) {
            // Left registered: in a cluster they go with this node's liveness (a user back on another node in
            // time is never announced as leaving); on one node the presence goes with the process.
            return;
        }
        String tab = socket.id();
        departures.schedule(tab, () -> depart(me, tab));
    }

    /** The tab's grace period is over: it leaves its rooms, and its user goes offline if it was their last. */
    private void depart(String me, String tab) {
        Departure departure = presence.disconnect(me, tab);
        if (!closing) {
            announceDeparture(departure);
        }
    }

    /** The leave notices of what a departure took, then the presence and room changes for everyone. */
    private void announceDeparture(Departure departure) {
        String me = departure.user();
        for (String room : departure.roomsLeft()) {
            announceMembership(room, me, false);
        }
        if (departure.offline()) {
            directory.presenceChanged(me, false);
        }
        for (String room : departure.roomsLeft()) {
            directory.roomChanged(room);
        }
    }

    private void join(SocketIoSocket socket, EventArgs args) {
        String me = nick(socket);
        String room = Nicknames.room(Payload.of(args.get(0)).string("room"));
        if (room == null) {
            args.ack(error("invalid_room", "A room name has 1-64 letters, digits, '-' or '_'"));
            return;
        }
        if (!roomActions.tryAcquire(me)) {
            args.ack(roomActionsLimited());
            return;
        }
        if (!presence.inRoom(me, room) && presence.roomsOf(me) >= config.maxRoomsPerUser()) {
            args.ack(error("too_many_rooms", "You can be in at most " + config.maxRoomsPerUser() + " rooms"));
            return;
        }
        // From the room's creation to the presence: an expiry sweep cannot delete the room in between.
        java.util.concurrent.locks.Lock joining = roomExpiry.joining();
        joining.lock();
        boolean first;
        try {
            Map<String, Object> refused = claimRoom(room);
            if (refused != null) {
                args.ack(refused);
                return;
            }
            socket.join(roomKey(room));
            first = presence.join(me, socket.id(), room);
        } finally {
            joining.unlock();
        }
        roomExpiry.joined(room);
        Map<String, Object> answer = ok();
        answer.put("room", room);
        answer.put("members", presence.members(room));
        answer.put("history", MessageViews.of(store.roomHistory(room, 0, ChatConfig.HISTORY_PAGE), store));
        args.ack(answer);
        if (first) {
            announceMembership(room, me, true);
            directory.roomChanged(room);
        }
    }

    /** Creates the room unless it exists: the refusal (a look-alike, the server's cap), or null to go on. */
    private Map<String, Object> claimRoom(String room) {
        return switch (store.claimRoom(room, Nicknames.skeleton(room), config.maxRooms())) {
            case LOOKALIKE -> error("invalid_room", "#" + room + " looks too much like another room's name");
            case FULL -> error("too_many_rooms", "This server has its maximum of " + config.maxRooms() + " rooms");
            case EXISTS, CREATED -> null;
        };
    }

    private void leave(SocketIoSocket socket, EventArgs args) {
        String me = nick(socket);
        String room = Nicknames.room(Payload.of(args.get(0)).string("room"));
        if (!roomActions.tryAcquire(me)) {
            args.ack(roomActionsLimited());
            return;
        }
        if (room == null || !presence.leave(me, room)) {
            args.ack(error("not_in_room", "You are not in that room"));
            return;
        }
        // Leaving is per user: every tab leaves.
        io.in(userRoom(me)).socketsLeave(roomKey(room));
        args.ack(ok());
        io.in(userRoom(me)).emit("room:left", Map.of("room", room));
        announceMembership(room, me, false);
        directory.roomChanged(room);
    }

    /** The notice for people, then the change of the member list (not the list: it grows with the room). */
    private void announceMembership(String room, String user, boolean joined) {
        String text = user + (joined ? " joined" : " left");
        io.to(roomKey(room)).emit("notice", Map.of("room", room, "text", text, "ts", System.currentTimeMillis()));
        io.to(roomKey(room)).emit("room:member", Map.of("room", room, "nickname", user, "joined", joined));
    }

    private void sendToRoom(SocketIoSocket socket, EventArgs args) {
        String me = nick(socket);
        Payload p = Payload.of(args.get(0));
        String room = Nicknames.room(p.string("room"));
        if (room == null || !presence.inRoom(me, room)) {
            args.ack(error("not_in_room", "Join the room first"));
            return;
        }
        Map<String, Object> view = storeAndAck(me, p, room, null, args);
        if (view != null) {
            io.to(roomKey(room)).emit("message", view);
        }
    }

    private void sendPrivate(SocketIoSocket socket, EventArgs args) {
        String me = nick(socket);
        Payload p = Payload.of(args.get(0));
        String named = Nicknames.normalize(p.string("to"));
        if (named == null || named.isEmpty() || Nicknames.sameName(named, me)) {
            args.ack(error("invalid_recipient", "Pick someone else to write to"));
            return;
        }
        // Only to a claimed nickname, under its claimed spelling: a message to a name nobody has claimed would
        // wait for whoever claims it later (docs/chat.md, "Identity").
        String to = resolve(named);
        if (to == null) {
            args.ack(error("unknown_recipient", "Nobody is called \"" + named + "\""));
            return;
        }
        Map<String, Object> view = storeAndAck(me, p, null, to, args);
        if (view != null) {
            // All the recipient's tabs, and the sender's other tabs (an offline recipient gets it at next login).
            io.to(userRoom(to), userRoom(me)).except(socket.id()).emit("private", view);
        }
    }

    /**
     * Checks, stores and acknowledges a message; returns its view to deliver, or null if it was refused (the
     * ack carried the error). Stored first, then acknowledged: an ack means it survives a restart.
     */
    private Map<String, Object> storeAndAck(String me, Payload p, String room, String recipient, EventArgs args) {
        Map<String, Object> problem = checkMessage(me, p);
        // Mentions in room messages, looked up only for a message that passed the checks and the rate limit.
        MentionEvents.Found found = problem == null && room != null ? mentions.find(me, text(p)) : null;
        if (problem == null && found != null) {
            problem = found.refusal();
        }
        if (problem != null) {
            args.ack(problem);
            return null;
        }
        ChatMessage stored = store.save(p.string("clientId"), me, room, recipient, text(p), p.string("fileId"),
                System.currentTimeMillis());
        Map<String, Object> view = MessageViews.of(stored, store);
        if (found != null) {
            mentions.stored(view, room, found.people());
        }
        Map<String, Object> answer = ok();
        answer.put("message", view);
        args.ack(answer);
        return view;
    }

    private Map<String, Object> checkMessage(String me, Payload p) {
        String clientId = p.string("clientId");
        if (clientId == null || clientId.isEmpty() || clientId.length() > 64) {
            return error("invalid_message", "A message needs a clientId");
        }
        Map<String, Object> problem = rules.textProblem(text(p), p.string("fileId") != null);
        if (problem != null) {
            return problem;
        }
        if (p.string("fileId") != null && store.file(p.string("fileId")).isEmpty()) {
            return error("unknown_file", "That file was not uploaded");
        }
        return rules.rateProblem(me);
    }

    /** NUL, escape and the other C0/C1 controls, which no one types; line feeds, returns and tabs are text. */
    public static boolean hasControlCharacters(String text) {
        return text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
    }

    /**
     * The claimed nickname someone means by {@code name} (the same name after NFKC and case folding), or
     * null if nobody has claimed it.
     */
    private String resolve(String name) {
        return ClaimedNames.in(store).apply(name);
    }

    private Map<String, Object> roomActionsLimited() {
        return error("rate_limited", "You are joining and leaving rooms too fast: at most " + config.roomActionLimit()
                + " per " + config.roomActionWindow().toSeconds() + " s");
    }

    private static String text(Payload p) {
        String text = p.string("text");
        return text == null ? "" : text.strip();
    }

    private void typing(SocketIoSocket socket, EventArgs args) {
        String me = nick(socket);
        Payload p = Payload.of(args.get(0));
        String room = Nicknames.room(p.string("room"));
        // Over the limit it is dropped: typing is volatile and has no ack.
        if (room != null && presence.inRoom(me, room) && typingEvents.tryAcquire(me)) {
            socket.to(roomKey(room)).except(userRoom(me)).asVolatile().emit("typing", Map.of("room", room, "from", me));
        }
    }

    private void history(SocketIoSocket socket, EventArgs args) {
        Payload p = Payload.of(args.get(0));
        ackRoomMessages(socket, args, p, room -> store.roomHistory(room, p.number("before", 0), ChatConfig.HISTORY_PAGE));
    }

    private void privateHistory(SocketIoSocket socket, EventArgs args) {
        Payload p = Payload.of(args.get(0));
        String named = Nicknames.normalize(p.string("with"));
        String with = named == null ? null : resolve(named);
        if (with == null) {
            args.ack(error("unknown_recipient", "Nobody is called \"" + named + "\""));
            return;
        }
        Map<String, Object> answer = ok();
        answer.put("messages", MessageViews.of(store.conversation(nick(socket), with, p.number("before", 0),
                ChatConfig.HISTORY_PAGE), store));
        args.ack(answer);
    }

    /**
     * {@code conversations {before?}}: a page of the user's private conversations, online or not, the most
     * recently active first, with their unread counts (from the stored read marks), so that a returning page
     * lists everyone it has talked to; {@code next} is the {@code before} of the next page, null on the last.
     */
    private void conversations(SocketIoSocket socket, EventArgs args) {
        int size = config.listPageSize();
        List<Conversation> page = store.conversations(nick(socket), Payload.of(args.get(0)).number("before", 0), size);
        List<Map<String, Object>> entries = new java.util.ArrayList<>(page.size());
        for (Conversation c : page) {
            entries.add(Map.of("with", c.with(), "lastId", c.lastId(), "unread", c.unread()));
        }
        Map<String, Object> answer = ok();
        answer.put("conversations", entries);
        answer.put("next", page.size() == size ? page.get(page.size() - 1).lastId() : null);
        args.ack(answer);
    }

    /** {@code announcements {before?}}: a page of announcements to everyone, oldest first. */
    private void announcements(EventArgs args) {
        Map<String, Object> answer = ok();
        answer.put("messages", MessageViews.of(store.announcements(Payload.of(args.get(0)).number("before", 0),
                ChatConfig.HISTORY_PAGE), store));
        args.ack(answer);
    }

    /**
     * After a reconnect: the messages of a room newer than the last one the client has, at most
     * {@link ChatConfig#SYNC_PAGE} and {@link ChatConfig#maxPageBytes()} of them, with {@code hasMore}: ask again
     * after the last one's id.
     */
    private void sync(SocketIoSocket socket, EventArgs args) {
        Payload p = Payload.of(args.get(0));
        String room = Nicknames.room(p.string("room"));
        if (room == null || !presence.inRoom(nick(socket), room)) {
            args.ack(error("not_in_room", "Join the room first"));
            return;
        }
        // One more than a page: whether there are more is known, not guessed from a full page.
        List<ChatMessage> found = store.roomMessagesAfter(room, p.number("after", 0), ChatConfig.SYNC_PAGE + 1);
        BytePages.Page page = BytePages.cut(MessageViews.of(found, store), ChatConfig.SYNC_PAGE, config.maxPageBytes());
        Map<String, Object> answer = ok();
        answer.put("messages", page.views());
        answer.put("hasMore", page.hasMore());
        args.ack(answer);
    }

    /** Acks {@code {messages}} of the payload's room, if the user is in it. */
    private void ackRoomMessages(SocketIoSocket socket, EventArgs args, Payload p,
            java.util.function.Function<String, List<ChatMessage>> query) {
        String room = Nicknames.room(p.string("room"));
        if (room == null || !presence.inRoom(nick(socket), room)) {
            args.ack(error("not_in_room", "Join the room first"));
            return;
        }
        Map<String, Object> answer = ok();
        answer.put("messages", MessageViews.of(query.apply(room), store));
        args.ack(answer);
    }

    /** Every room with its member count (bounded by {@link ChatConfig#maxRooms()}), for the HTTP API. */
    public Map<String, Object> roomList() {
        return directory.allRooms();
    }

    /**
     * Posts an announcement from the server (the push endpoint), stored: in an existing room (sent to it as a
     * {@code message}), or to everyone (no room; sent as {@code announcement}, paged by {@code announcements}).
     * Returns its view, or null if the room does not exist (an announcement never creates one).
     */
    public Map<String, Object> announce(String room, String text) {
        if (room != null && !store.roomExists(room)) {
            return null;
        }
        ChatMessage stored = store.save("announce-" + java.util.UUID.randomUUID(), ANNOUNCER, room, null, text, null,
                System.currentTimeMillis());
        Map<String, Object> view = MessageViews.of(stored, store);
        if (room == null) {
            io.emit("announcement", view);
        } else {
            io.to(roomKey(room)).emit("message", view);
        }
        return view;
    }

    static String roomKey(String room) {
        return ROOM_PREFIX + room;
    }

    static String userRoom(String nickname) {
        return "user:" + nickname;
    }

    private static Map<String, Object> withOk(Map<String, Object> answer) {
        Map<String, Object> m = ok();
        m.putAll(answer);
        return m;
    }

    static Map<String, Object> ok() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        return m;
    }

    static Map<String, Object> error(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", false);
        m.put("code", code);
        m.put("error", message);
        return m;
    }
}
