// smppd-passwd: reads a password from standard input and prints its Argon2id hash (OWASP's
// parameters: t=2, m=19 MiB, p=1) for auth_static's password_hash. On a terminal it asks twice
// without echo; otherwise it reads the first line.
//
//   smppd-passwd                       # asks
//   printf '%s\n' "$PASSWORD" | smppd-passwd
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <optional>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "plugins/filter/auth_static/password_verifier.h"

namespace {

namespace auth = smppd::plugins::auth_static;

// SMPP v3.4 carries at most 8 octets of password (9 with the NUL).
constexpr size_t kSmppPasswordOctets = 8;

// A password being read: fixed storage, so no copy of it is left behind by a reallocation.
class Secret {
 public:
  Secret() = default;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret() { sodium_memzero(bytes_.data(), bytes_.size()); }

  // Reads up to the end of the line or of input. False when nothing at all could be read, or the
  // line is too long.
  bool read_line(int fd) {
    size_ = 0;
    bool any = false;
    for (;;) {
      char c = 0;
      const ssize_t n = ::read(fd, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return any;
      any = true;
      if (c == '\n') break;
      if (size_ == bytes_.size()) {
        too_long_ = true;
        continue;
      }
      bytes_[size_++] = c;
    }
    if (size_ > 0 && bytes_[size_ - 1] == '\r') --size_;
    return true;
  }

  std::string_view view() const noexcept { return std::string_view(bytes_.data(), size_); }
  bool too_long() const noexcept { return too_long_; }

 private:
  std::array<char, 1024> bytes_{};
  size_t size_ = 0;
  bool too_long_ = false;
};

// Echo off while it lives; restored on exit and on SIGINT/SIGTERM/SIGHUP too.
termios g_saved_terminal{};
volatile std::sig_atomic_t g_terminal_changed = 0;

void restore_terminal_and_die(int signal_number) {
  if (g_terminal_changed != 0) tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_terminal);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

class NoEcho {
 public:
  NoEcho() {
    if (tcgetattr(STDIN_FILENO, &g_saved_terminal) != 0) return;
    termios quiet = g_saved_terminal;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    for (int s : {SIGINT, SIGTERM, SIGHUP}) std::signal(s, restore_terminal_and_die);
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0) g_terminal_changed = 1;
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;
  ~NoEcho() {
    if (g_terminal_changed != 0) tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_terminal);
    g_terminal_changed = 0;
  }
};

void usage(std::FILE* out) {
  std::fputs(
      "usage: smppd-passwd [--cost T,M_KIB]\n"
      "Reads a password from standard input (asking twice, without echo, on a terminal) and\n"
      "prints its Argon2id hash (t=2, m=19 MiB, p=1) for auth_static's password_hash.\n"
      "--cost sets t and m (in KiB) instead, e.g. 1,8 for test and benchmark accounts that bind\n"
      "thousands of times: a lower cost is a weaker hash; never use it for a real account.\n",
      out);
}

// "T,M_KIB" within what libsodium accepts.
std::optional<auth::HashCost> parse_cost(std::string_view text) {
  const size_t comma = text.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  uint64_t t = 0;
  uint64_t m_kib = 0;
  const auto [t_end, t_error] = std::from_chars(text.data(), text.data() + comma, t);
  const auto [m_end, m_error] = std::from_chars(text.data() + comma + 1, text.data() + text.size(), m_kib);
  if (t_error != std::errc{} || m_error != std::errc{} || t_end != text.data() + comma ||
      m_end != text.data() + text.size()) {
    return std::nullopt;
  }
  if (t < crypto_pwhash_OPSLIMIT_MIN || t > 10 || m_kib * 1024 < crypto_pwhash_MEMLIMIT_MIN || m_kib > (1u << 20)) {
    return std::nullopt;
  }
  return auth::HashCost{t, m_kib * 1024};
}

int run(const auth::HashCost& cost) {
  auth::initialize_sodium();
  const bool terminal = isatty(STDIN_FILENO) != 0;
  Secret password;
  Secret repeated;
  if (terminal) {
    NoEcho quiet;
    std::fputs("Password: ", stderr);
    std::fflush(stderr);
    if (!password.read_line(STDIN_FILENO)) return 1;
    std::fputs("Repeat password: ", stderr);
    std::fflush(stderr);
    if (!repeated.read_line(STDIN_FILENO)) return 1;
    if (password.view() != repeated.view()) {
      std::fputs("smppd-passwd: the passwords differ\n", stderr);
      return 1;
    }
  } else if (!password.read_line(STDIN_FILENO)) {
    std::fputs("smppd-passwd: no password on standard input\n", stderr);
    return 1;
  }
  if (password.too_long()) {
    std::fputs("smppd-passwd: the password is longer than 1024 octets\n", stderr);
    return 1;
  }
  if (password.view().empty()) {
    std::fputs("smppd-passwd: the password is empty\n", stderr);
    return 1;
  }
  if (password.view().size() > kSmppPasswordOctets) {
    std::fputs("smppd-passwd: warning: SMPP v3.4 carries at most 8 octets of password; clients may cut it\n", stderr);
  }
  std::string hash = auth::hash_password(password.view(), cost);
  std::printf("%s\n", hash.c_str());
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  auth::HashCost cost = auth::kOwaspCost;
  if (argc == 3 && std::string_view(argv[1]) == "--cost") {
    const auto parsed = parse_cost(argv[2]);
    if (!parsed) {
      std::fprintf(stderr, "smppd-passwd: --cost: expected T,M_KIB with T from 1 to 10 and M_KIB from 8 to 1048576\n");
      return 2;
    }
    cost = *parsed;
  } else if (argc > 1) {
    const std::string_view option = argv[1];
    const bool help = option == "-h" || option == "--help";
    usage(help ? stdout : stderr);
    return help ? 0 : 2;
  }
  try {
    return run(cost);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smppd-passwd: %s\n", e.what());
    return 1;
  }
}
