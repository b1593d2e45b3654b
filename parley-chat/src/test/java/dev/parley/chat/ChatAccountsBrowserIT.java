package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.chat.ChatPages.HIDDEN;
import static dev.parley.chat.ChatPages.VISIBLE;
import static dev.parley.chat.ChatPages.WAIT;
import static dev.parley.chat.ChatPages.message;
import static dev.parley.chat.ChatPages.sidebar;
import static dev.parley.chat.ChatPages.submit;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Accounts in the browser (issue 17 §2: identity that survives a new device), in headless Chromium with one browser
 * context per device against one real server for the class: a nickname claimed with a password on one device and
 * signed in to on another, which sees the same conversations; "Sign out everywhere" on the second sends both back
 * to the login; a guest secures the nickname from the account panel; refusals show beside their fields.
 */
class ChatAccountsBrowserIT {
    private static final String PASSWORD = "ada's long password";

    @RegisterExtension
    static final BrowserChat chat = BrowserChat.forTheClass("parley-chat-accounts");

    private static Page open(BrowserContext context) {
        Page page = context.newPage();
        page.navigate(chat.url());
        assertThat(page.locator("#login")).isVisible(VISIBLE);
        return page;
    }

    /** Fills the login: a new nickname (with a password unless null) or, with {@code signIn}, a secured one. */
    private static void submitLogin(Page page, String nickname, String password, boolean signIn) {
        page.locator(signIn ? "#mode-signin" : "#mode-register").check();
        page.locator("#nickname").fill(nickname);
        page.locator("#password").fill(password == null ? "" : password);
        page.locator("#login-form button").click();
    }

    private static Page loggedIn(BrowserContext context, String nickname, String password, boolean signIn) {
        Page page = open(context);
        submitLogin(page, nickname, password, signIn);
        assertThat(page.locator("#me")).hasText(nickname, WAIT);
        return page;
    }

    @Test
    void aPasswordClaimedOnOneDeviceSignsInOnAnotherWithTheSameConversationsAndSigningOutEverywhereEndsBoth() {
        try (BrowserContext laptopContext = chat.context();
                BrowserContext phoneContext = chat.context();
                BrowserContext benContext = chat.context()) {
            Page ben = loggedIn(benContext, "ben", null, false);
            Page laptop = loggedIn(laptopContext, "ada", PASSWORD, false);
            assertThat(laptop.locator("#password")).hasValue(""); // not kept on the page once signed in
            submit(laptop, "room message from the laptop");
            assertThat(message(laptop, "room message from the laptop")).isVisible(VISIBLE);
            sidebar(laptop, "@ben").click();
            submit(laptop, "private message from the laptop");
            assertThat(message(ben, "room message from the laptop")).isVisible(VISIBLE);

            // The second device: signs in with the password, under its own token, and finds the same conversations.
            Page phone = loggedIn(phoneContext, "ada", PASSWORD, true);
            String laptopToken = (String) laptop.evaluate("() => localStorage.getItem('parley.token')");
            String phoneToken = (String) phone.evaluate("() => localStorage.getItem('parley.token')");
            assertThat(phoneToken).isNotNull().isNotEqualTo(laptopToken);
            assertThat(message(phone, "room message from the laptop")).isVisible(VISIBLE);
            sidebar(phone, "@ben").click();
            assertThat(message(phone, "private message from the laptop")).isVisible(VISIBLE);

            // Sign out everywhere, from the phone: both devices are back at the login, with the reason.
            phone.locator("#account summary").click();
            assertThat(phone.locator("#account-state")).hasText("Your nickname is secured by a password: sign in "
                    + "with it on your other devices.", WAIT);
            phone.locator("#signout-all").click();
            for (Page device : List.of(laptop, phone)) {
                assertThat(device.locator("#login")).isVisible(VISIBLE);
                assertThat(device.locator("#app")).isHidden(HIDDEN);
                assertThat(device.locator("#login-error"))
                        .hasText("You signed out everywhere: sign in again with your password", WAIT);
                assertThat(device.evaluate("() => localStorage.getItem('parley.token')")).isNull();
            }
            // Ben stays; a reload of the laptop does not bring the session back.
            assertThat(ben.locator("#app")).isVisible(VISIBLE);
            laptop.reload();
            assertThat(laptop.locator("#login")).isVisible(VISIBLE);
            assertThat(laptop.locator("#login-error")).hasText("", WAIT);
            // The password still signs in.
            submitLogin(laptop, "ada", PASSWORD, true);
            assertThat(laptop.locator("#me")).hasText("ada", WAIT);
        }
    }

    @Test
    void aGuestSecuresTheNicknameFromTheAccountPanelAndRefusalsShowBesideTheirFields() {
        try (BrowserContext firstContext = chat.context();
                BrowserContext secondContext = chat.context()) {
            Page first = loggedIn(firstContext, "gus", null, false);
            first.locator("#account summary").click();
            assertThat(first.locator("#account-state")).hasText("Your nickname has no password yet: set one to sign in "
                    + "on other devices and keep the name yours.", WAIT);
            assertThat(first.locator("#signout-all")).isHidden(HIDDEN);
            assertThat(first.locator("#current-password")).isHidden(HIDDEN);
            first.locator("#new-password").fill("short");
            first.locator("#set-password").click();
            assertThat(first.locator("#account-error")).hasText("A password has at least 8 characters", WAIT);
            first.locator("#new-password").fill("gus's good password");
            first.locator("#set-password").click();
            assertThat(first.locator("#account-state")).hasText("Password saved: sign in with it on your other devices.", WAIT);
            assertThat(first.locator("#account-error")).hasText("", WAIT);
            assertThat(first.locator("#signout-all")).isVisible(VISIBLE);
            assertThat(first.locator("#set-password")).hasText("Change password", WAIT);
            first.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target/screenshots/accounts-panel.png")));

            // Another device: a wrong password is refused beside the form, a too-short new one beside the password.
            Page second = open(secondContext);
            submitLogin(second, "gus", "not gus's password", true);
            assertThat(second.locator("#login-error")).hasText("Wrong nickname or password", WAIT);
            assertThat(second.locator("#login-form button")).hasText("Sign in", WAIT);
            submitLogin(second, "newbie", "short", false);
            assertThat(second.locator("#password-error")).hasText("A password has at least 8 characters", WAIT);
            assertThat(second.locator("#login-error")).hasText("", WAIT);
            second.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target/screenshots/accounts-login.png")));
            submitLogin(second, "gus", "gus's good password", true);
            assertThat(second.locator("#me")).hasText("gus", WAIT);
        }
    }
}
