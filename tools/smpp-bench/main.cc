// smpp-bench: load an SMSC or proxy with SMPP submits and measure it (load), or be the SMSC that
// answers them (sink).
//
//   smpp-bench sink --port 2775 --receipts
//   smpp-bench load --port 2775 --system-id bench --password pw --connections 4 --window 64 --duration 10
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>

#include "tools/smpp-bench/bench_options.h"
#include "tools/smpp-bench/load_report.h"
#include "tools/smpp-bench/load_runner.h"
#include "tools/smpp-bench/sink_report.h"
#include "tools/smpp-bench/sink_server.h"
#include "tools/smpp/print_exceptions.h"

namespace {

namespace asio = boost::asio;
namespace bench = smppd::tools::bench;
using Clock = std::chrono::steady_clock;

void print(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

int load_command(const bench::LoadOptions& options) {
  const bench::LoadResult result = bench::run_load(options);
  print(options.json ? bench::format_load_json(options, result) : bench::format_load_report(options, result));
  if (result.sessions_bound < options.connections) return 2;
  return result.success(options) ? 0 : 1;
}

asio::awaitable<void> report_periodically(const bench::SinkServer& server, Clock::time_point started,
                                          std::chrono::milliseconds every) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  bench::SinkTotals before = server.totals();
  auto last = Clock::now();
  for (;;) {
    timer.expires_at(last + every);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    const auto now = Clock::now();
    const bench::SinkTotals totals = server.totals();
    print(bench::format_sink_line(now - started, totals, before, now - last));
    before = totals;
    last = now;
  }
}

int sink_command(const bench::SinkOptions& options) {
  bench::SinkServer server(options);
  if (!server.start()) {
    std::fprintf(stderr, "smpp-bench sink: %s\n", server.error().c_str());
    return 2;
  }
  const auto started = Clock::now();
  print(fmt::format("smpp-bench sink: listening on {}:{}, {} thread(s), receipts {}\n", options.address, server.port(),
                    options.threads,
                    options.receipts ? fmt::format("{} after {} ms", options.receipt_stat, options.receipt_delay.count())
                                     : std::string("off")));

  // The main thread only waits for a signal and prints; the workers do the SMPP.
  asio::io_context main_context(1);
  asio::signal_set signals(main_context, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { main_context.stop(); });
  if (options.report_every.count() > 0) {
    asio::co_spawn(main_context, report_periodically(server, started, options.report_every),
                   smppd::tools::print_exceptions("sink report"));
  }
  main_context.run();
  server.stop();
  print(bench::format_sink_summary(Clock::now() - started, server.totals()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bench::BenchParseResult parsed = bench::parse_bench_command(argc, argv);
  if (!parsed.command) {
    std::fprintf(stderr, "smpp-bench: %s\n", parsed.error.c_str());
    return 2;
  }
  const bench::BenchCommand& command = *parsed.command;
  switch (command.mode) {
    case bench::BenchMode::help:
      print(command.help_text);
      return 0;
    case bench::BenchMode::load:
      return load_command(command.load);
    case bench::BenchMode::sink:
      return sink_command(command.sink);
  }
  return 2;
}
