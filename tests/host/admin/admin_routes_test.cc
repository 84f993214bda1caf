#include "host/admin/admin_routes.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace smppd::admin {
namespace {

namespace asio = boost::asio;

AdminHandler answering(std::string body) {
  return [body = std::move(body)](const AdminRequest&) -> asio::awaitable<AdminResponse> { co_return text_response(200, body); };
}

AdminResponse run(const AdminRoutes& routes, Method method, std::string path) {
  asio::io_context context;
  AdminRequest request;
  request.method = method;
  request.path = std::move(path);
  auto future = asio::co_spawn(context, routes.handle(request), asio::use_future);
  context.run();
  return future.get();
}

TEST(AdminRoutes, ReadsAnswerGetAndMutationsPostOnly) {
  AdminRoutes routes;
  ASSERT_TRUE(routes.add_read("/stats", "stats", answering("stats")));
  ASSERT_TRUE(routes.add_mutation("/quitquitquit", "quit", answering("bye")));
  EXPECT_EQ(run(routes, Method::get, "/stats").body, "stats");
  EXPECT_EQ(run(routes, Method::post, "/quitquitquit").body, "bye");

  const AdminResponse get_mutation = run(routes, Method::get, "/quitquitquit");
  EXPECT_EQ(get_mutation.status, 405u);
  ASSERT_EQ(get_mutation.headers.size(), 1u);
  EXPECT_EQ(get_mutation.headers[0], (std::pair<std::string, std::string>("Allow", "POST")));
  EXPECT_EQ(run(routes, Method::post, "/stats").status, 405u);
  EXPECT_EQ(run(routes, Method::other, "/stats").status, 405u);
  EXPECT_EQ(run(routes, Method::get, "/nope").status, 404u);
}

TEST(AdminRoutes, OnePathMayBeReadAndChangedByTwoHandlers) {
  AdminRoutes routes;
  ASSERT_TRUE(routes.add_read("/logging", "levels", answering("levels")));
  ASSERT_TRUE(routes.add_mutation("/logging", "set", answering("set")));
  EXPECT_FALSE(routes.add_read("/logging", "again", answering("again")));
  EXPECT_EQ(run(routes, Method::get, "/logging").body, "levels");
  EXPECT_EQ(run(routes, Method::post, "/logging").body, "set");
}

TEST(AdminRoutes, ThePrefixRouteOfAPluginTakesItsSubpaths) {
  AdminRoutes routes;
  ASSERT_TRUE(routes.add_read("/plugins/credit/", "credit", answering("credit")));
  ASSERT_TRUE(routes.add_read("/plugins/credit/balance/", "balance", answering("balance")));
  EXPECT_EQ(run(routes, Method::get, "/plugins/credit/top").body, "credit");
  EXPECT_EQ(run(routes, Method::get, "/plugins/credit/balance/acme").body, "balance");
  EXPECT_EQ(run(routes, Method::get, "/plugins/other/x").status, 404u);
  EXPECT_FALSE(routes.add_read("no-slash", "bad", answering("bad")));
}

TEST(AdminRoutes, TheIndexListsEveryPathWithItsMethod) {
  AdminRoutes routes;
  routes.add_read("/stats", "every stat", answering(""));
  routes.add_mutation("/quitquitquit", "exit", answering(""));
  const AdminResponse index = run(routes, Method::get, "/");
  EXPECT_NE(index.body.find("GET  /stats"), std::string::npos) << index.body;
  EXPECT_NE(index.body.find("POST /quitquitquit"), std::string::npos) << index.body;
}

}  // namespace
}  // namespace smppd::admin
