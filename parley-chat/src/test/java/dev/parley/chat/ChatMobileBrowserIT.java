package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.chat.ChatPages.HIDDEN;
import static dev.parley.chat.ChatPages.VISIBLE;
import static dev.parley.chat.ChatPages.WAIT;
import static dev.parley.chat.ChatPages.join;
import static dev.parley.chat.ChatPages.message;
import static dev.parley.chat.ChatPages.open;
import static dev.parley.chat.ChatPages.showSidebar;
import static dev.parley.chat.ChatPages.send;
import static dev.parley.chat.ChatPages.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.FilePayload;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.JdbcChatStore;
import dev.parley.testkit.NodeScripts;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat page on a phone and for keyboard and screen reader users (issue 17 §2), in headless Chromium against
 * one real server and store for the class: a 390x844 phone (Playwright's {@code isMobile} and {@code hasTouch})
 * and a 1280x720 desktop. The drawer, tap targets of 44x44 px, the composer on the bottom edge, visible focus on
 * every control, the focus in the composer after sign-in, new messages read out, and axe-core (the npm package
 * of parley-testkit/node, evaluated in the page through Playwright's {@code evaluate}, which the page's
 * Content-Security-Policy does not govern, so the page runs under its real policy) finding no serious or critical
 * violation in light and dark, on the login and in a chat with every kind of item shown. Each test has its own users.
 */
class ChatMobileBrowserIT {
    private static final String PUSH_TOKEN = "mobile-push-token-0123456789";
    private static final int PHONE_WIDTH = 390;
    private static final int PHONE_HEIGHT = 844;
    private static final double TAP = 44;
    private static final int LONG_ROOM = 60;

    // A room longer than a phone's screen, written before the chat opens the store.
    @RegisterExtension
    static final BrowserChat chat = BrowserChat.forTheClass("parley-chat-mobile", options -> options.pushToken(PUSH_TOKEN),
            config -> {
                try (ChatStore store = JdbcChatStore.open(config.jdbcUrl(), null, null)) {
                    for (int i = 1; i <= LONG_ROOM; i++) {
                        store.save("m" + i, "carol", "long", null, "long message " + i, null, System.currentTimeMillis());
                    }
                }
            });
    private static String url;
    private static String axeSource;

    @BeforeAll
    static void start() throws Exception {
        url = chat.url();
        axeSource = Files.readString(NodeScripts.installedDirectory().resolve("node_modules/axe-core/axe.min.js"));
    }

    private static BrowserContext phone() {
        return chat.context(new Browser.NewContextOptions().setViewportSize(PHONE_WIDTH, PHONE_HEIGHT).setIsMobile(true)
                .setHasTouch(true));
    }

    private static BrowserContext desktop() {
        return chat.context(new Browser.NewContextOptions().setViewportSize(1280, 720));
    }

    private static BrowserContext device(String name) {
        return name.equals("phone") ? phone() : desktop();
    }

    @Test
    void onAPhoneTheSidebarIsADrawerAndTheConversationHasTheWidth() {
        try (BrowserContext miaContext = phone(); BrowserContext nedContext = desktop()) {
            Page mia = signIn(miaContext, url, "mia");
            // After sign-in the focus is where the user writes next (the element the document focuses: whether the
            // window has the system's focus is not the page's doing).
            mia.waitForFunction("() => document.activeElement === document.getElementById('text')");
            Locator menu = mia.locator("#menu");
            Locator sidebar = mia.locator("#sidebar");
            assertThat(sidebar).isHidden(HIDDEN);
            assertThat(menu).hasAttribute("aria-expanded", "false");
            assertThat(menu).hasAttribute("aria-controls", "sidebar");
            BoundingBox list = mia.locator("#messages").boundingBox();
            assertThat(list.x).isEqualTo(0);
            assertThat(list.width).isEqualTo(PHONE_WIDTH);

            // Opened: over the conversation, which is out of reach; the focus on the open conversation's entry.
            menu.click();
            assertThat(menu).hasAttribute("aria-expanded", "true");
            assertThat(sidebar).isVisible(VISIBLE);
            assertThat(mia.locator("#sidebar button[data-key='#general']")).isFocused();
            assertThat(mia.locator(".conversation")).hasJSProperty("inert", true);
            // Escape closes it and the focus is back on the button that opened it.
            mia.keyboard().press("Escape");
            assertThat(sidebar).isHidden(HIDDEN);
            assertThat(menu).hasAttribute("aria-expanded", "false");
            assertThat(menu).isFocused();
            assertThat(mia.locator(".conversation")).hasJSProperty("inert", false);

            // A tap beside it closes it.
            menu.click();
            assertThat(sidebar).isVisible(VISIBLE);
            mia.touchscreen().tap(PHONE_WIDTH - 10, PHONE_HEIGHT / 2.0);
            assertThat(sidebar).isHidden(HIDDEN);

            // A room joined from it, or one picked in it, opens with the drawer closed.
            join(mia, "lounge");
            assertThat(sidebar).isHidden(HIDDEN);
            assertThat(menu).hasAttribute("aria-expanded", "false");
            assertThat(menu).isFocused();
            open(mia, "#general");
            assertThat(sidebar).isHidden(HIDDEN);

            // What is unread elsewhere shows on the menu button; a message in the open room is read out.
            Page ned = signIn(nedContext, url, "ned");
            join(ned, "lounge");
            send(ned, "anyone for lunch?");
            assertThat(mia.locator("#menu-unread")).hasText("1 unread", WAIT);
            open(ned, "#general");
            send(ned, "the build is green");
            assertThat(mia.locator("#announcer")).hasText("ned: the build is green", WAIT);
            open(mia, "#lounge");
            assertThat(mia.locator("#menu-unread")).isHidden(HIDDEN);

            // On a wide screen the sidebar is a column and there is no menu button.
            assertThat(ned.locator("#menu")).isHidden();
            assertThat(ned.locator("#sidebar")).isVisible();
            mia.setViewportSize(1024, 768);
            assertThat(menu).isHidden(HIDDEN);
            assertThat(sidebar).isVisible(VISIBLE);
        }
    }

    @Test
    void onAPhoneEveryControlIsAtLeast44By44() throws Exception {
        try (BrowserContext oliContext = phone(); BrowserContext pamContext = desktop()) {
            Page oli = oliContext.newPage();
            oli.navigate(url);
            assertThat(oli.locator("#nickname")).isVisible(VISIBLE);
            assertThat(smallTargets(oli)).as("on the login").isEmpty();

            oli.locator("#nickname").fill("oli");
            oli.locator("#login-form button").click();
            assertThat(oli.locator("#me")).hasText("oli", WAIT);
            Page pam = signIn(pamContext, url, "pam");
            send(pam, "oli's notes at https://example.com/notes and a file below");
            // A picture far smaller than a finger: its link is still a whole target.
            pam.locator("#file").setInputFiles(new FilePayload("dot.png", "image/png", png(12, 12)));
            assertThat(oli.locator("#messages .image-link img")).isVisible(VISIBLE);
            send(oli, "thanks");
            assertThat(message(oli, "oli's notes at").locator("a")).hasCount(1);
            assertThat(oli.locator("#messages .message").first()).isVisible();
            List<String> closed = smallTargets(oli);
            showSidebar(oli);
            List<String> opened = smallTargets(oli);
            assertThat(closed).as("drawer closed").isEmpty();
            assertThat(opened).as("drawer open").isEmpty();
        }
    }

    @Test
    void theComposerSitsOnTheBottomEdgeWithNothingUnderIt() {
        try (BrowserContext phoneContext = phone(); BrowserContext desktopContext = desktop()) {
            for (Page page : List.of(signIn(phoneContext, url, "quinn"), signIn(desktopContext, url, "ruth"))) {
                join(page, "long");
                assertThat(message(page, "long message " + LONG_ROOM)).isVisible(VISIBLE);
                int height = page.viewportSize().height;
                BoundingBox composer = page.locator("#composer").boundingBox();
                assertThat(composer.y + composer.height).as("the composer's bottom edge").isCloseTo(height, within(0.5));
                // The messages scroll inside their list; the page itself is exactly the screen, nothing below.
                assertThat(page.evaluate("() => document.documentElement.scrollHeight")).isEqualTo(height);
                assertThat((Boolean) page.evaluate("() => { const l = document.getElementById('messages');"
                        + " return l.scrollHeight > l.clientHeight; }")).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone", "desktop"})
    void everyControlShowsAFocusRingWhenReachedWithTheKeyboard(String device) {
        try (BrowserContext sallyContext = device(device); BrowserContext timContext = desktop()) {
            Page sally = signIn(sallyContext, url, "sally-" + device);
            Page tim = signIn(timContext, url, "tim-" + device);
            send(tim, "see https://example.com/focus/" + device);
            assertThat(message(sally, "see https://example.com/focus/" + device)).isVisible(VISIBLE);
            sally.bringToFront();
            List<String> reached = new ArrayList<>();
            List<String> unmarked = new ArrayList<>();
            tabThrough(sally, reached, unmarked);
            if (device.equals("phone")) {
                // The drawer: the conversation behind it is inert, so the keyboard goes round the drawer alone.
                showSidebar(sally);
                List<String> inDrawer = new ArrayList<>();
                tabThrough(sally, inDrawer, unmarked);
                assertThat(inDrawer).anyMatch(name -> name.contains("#join-room"));
                assertThat(inDrawer).noneMatch(name -> name.contains("#text"));
                reached.addAll(inDrawer);
            }
            assertThat(reached).contains("textarea#text ", "input#join-room ", "button#older Load older messages");
            assertThat(reached).anyMatch(name -> name.startsWith("a "));
            assertThat(reached).anyMatch(name -> name.startsWith("input#file"));
            assertThat(unmarked).as("focused without a visible ring").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone", "desktop"})
    void axeFindsNothingSeriousOnTheLoginInLightAndDark(String device) {
        try (BrowserContext context = device(device)) {
            Page page = context.newPage();
            page.navigate(url);
            assertThat(page.locator("#nickname")).isVisible(VISIBLE);
            assertNoSeriousViolation(page, "login on " + device);
            // A refusal shown (the error colour) is checked too.
            page.locator("#nickname").fill("announcement");
            page.locator("#login-form button").click();
            assertThat(page.locator("#login-error")).not().hasText("", WAIT);
            assertNoSeriousViolation(page, "refused login on " + device);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone", "desktop"})
    void axeFindsNothingSeriousInAChatInLightAndDark(String device) throws Exception {
        try (BrowserContext uteContext = device(device); BrowserContext vicContext = desktop()) {
            Page ute = signIn(uteContext, url, "ute-" + device);
            Page vic = signIn(vicContext, url, "vic-" + device);
            String side = "side-" + device;
            join(vic, side);
            join(ute, side);
            open(ute, "#general");
            open(vic, "#general");
            // Every kind of item: others' messages with a link, one's own with its mark, notices, a day separator,
            // an announcement, unread counts of a room and a private conversation, typing, an error.
            send(vic, "release notes at https://example.com/notes");
            send(ute, "thanks, reading them now");
            assertThat(ute.locator("#messages .mine .status").last()).hasText("delivered", WAIT);
            assertThat(chat.announce("{\"text\":\"Maintenance tonight at 22:00\"}")).isEqualTo(201);
            assertThat(ute.locator("#announcements")).isVisible(VISIBLE);
            open(vic, "#" + side);
            send(vic, "over here");
            open(vic, "@ute-" + device);
            send(vic, "a word in private");
            assertThat(ute.locator("#conversations .unread")).hasText("1", WAIT);
            showSidebar(ute);
            ute.locator("#join-room").fill("team chat");
            ute.locator("#join-room").press("Enter");
            assertThat(ute.locator("#join-error")).not().hasText("", WAIT);
            assertNoSeriousViolation(ute, "chat on " + device + (device.equals("phone") ? ", drawer open" : ""));
            if (device.equals("phone")) {
                ute.keyboard().press("Escape");
                assertThat(ute.locator("#sidebar")).isHidden(HIDDEN);
                assertNoSeriousViolation(ute, "chat on a phone, drawer closed");
            }
        }
    }

    /**
     * Tabs from the focused control round every control the keyboard reaches, until one comes again: past the
     * last, the focus leaves the page once, then starts again at the first.
     */
    private static void tabThrough(Page page, List<String> reached, List<String> unmarked) {
        page.evaluate("() => { window.tabbedTo = new WeakSet(); }");
        for (int i = 0; i < 80; i++) {
            page.keyboard().press("Tab");
            @SuppressWarnings("unchecked")
            Map<String, Object> focused = (Map<String, Object>) page.evaluate(FOCUS_RING);
            if (focused == null) {
                continue;
            }
            if ((Boolean) focused.get("again")) {
                return;
            }
            reached.add((String) focused.get("name"));
            if (!(Boolean) focused.get("ring")) {
                unmarked.add(focused.get("name") + " " + focused.get("outline"));
            }
        }
    }

    /** Runs axe-core in light and in dark; fails with each serious or critical violation and its elements. */
    private static void assertNoSeriousViolation(Page page, String where) {
        if (!(Boolean) page.evaluate("() => typeof window.axe === 'object'")) {
            page.evaluate(axeSource);
        }
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            assertThat(page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches"))
                    .isEqualTo(scheme == ColorScheme.DARK);
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) page.evaluate(AXE_SERIOUS);
            assertThat(result.get("violations")).as("axe-core, %s, %s", where, scheme).asList().isEmpty();
            // It did look: the contrast of the page's text was measured (a run that checked nothing finds nothing).
            assertThat((Integer) result.get("contrastChecked")).as("texts whose contrast axe-core measured").isGreaterThan(3);
        }
    }

    /** The serious and critical violations axe-core finds in the page, one line each with the elements, and how
     * many texts passed its contrast check. */
    private static final String AXE_SERIOUS = """
            async () => {
              const result = await axe.run(document);
              const violations = result.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.impact} ${v.id}: ${v.help} at ` + v.nodes.map((n) => n.target.join(' ')
                  + ' (' + (n.failureSummary || '').replace(/\\s+/g, ' ') + ')').join('; '));
              const contrast = result.passes.find((p) => p.id === 'color-contrast');
              return { violations, contrastChecked: contrast ? contrast.nodes.length : 0 };
            }""";

    /**
     * The visible controls smaller than 44x44 CSS px, with their size. A control hidden for the eye (a file input
     * inside its label) is measured by its label, which is what a finger touches; a link inside a message's sentence
     * keeps the line's height (WCAG 2.5.5 and 2.5.8 exempt targets in a sentence).
     */
    private static List<String> smallTargets(Page page) {
        @SuppressWarnings("unchecked")
        List<String> small = (List<String>) page.evaluate("""
                (tap) => {
                  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : '')
                    + (el.textContent.trim() ? ' "' + el.textContent.trim().slice(0, 30) + '"' : '');
                  const found = [];
                  const controls = document.querySelectorAll('button, a[href], input, textarea, select, summary, label, '
                    + '[role="button"], [role="option"], [role="menuitem"], [role="tab"], [tabindex]:not([tabindex="-1"])');
                  for (let el of controls) {
                    if (el.closest('.message .text')) continue;
                    let box = el.getBoundingClientRect();
                    if (el.tagName === 'LABEL') continue; // measured below, for the control it stands for
                    if (box.width <= 1 && box.height <= 1 && el.labels?.length) {
                      el = el.labels[0];
                      box = el.getBoundingClientRect();
                    }
                    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
                    if (box.width < tap || box.height < tap) found.push(`${name(el)} ${box.width}x${box.height}`);
                  }
                  return found;
                }""", TAP);
        return small;
    }

    /**
     * The focused element (null when the focus left the page), whether it was focused before in this round (two
     * links may read the same), and whether it shows a ring: a solid outline of at least 2 px, on itself or, for a
     * control hidden for the eye (the file input), on its label.
     */
    private static final String FOCUS_RING = """
            () => {
              let el = document.activeElement;
              if (!el || el === document.body) return null;
              window.tabbedTo ??= new WeakSet();
              const again = window.tabbedTo.has(el);
              window.tabbedTo.add(el);
              const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' '
                + (el.getAttribute('data-key') || el.textContent.trim().slice(0, 30));
              const box = el.getBoundingClientRect();
              const shown = box.width <= 1 && box.height <= 1 && el.labels?.length ? el.labels[0] : el;
              const style = getComputedStyle(shown);
              const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
              return { name, again, ring, outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` };
            }""";

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, 0x2563eb);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
