#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "host/admin/admin_http.h"

namespace smppd::admin {

using AdminHandler = std::function<boost::asio::awaitable<AdminResponse>(const AdminRequest&)>;

// The admin paths and who answers them. Reads answer GET; mutations answer POST only, so that a
// crawler, a browser prefetch or a mistyped curl never changes anything (a GET to one is a 405).
// Paths ending in '/' are prefixes (a plugin's "/plugins/<name>/"): the longest one matches.
class AdminRoutes {
 public:
  struct Route {
    std::string help;
    AdminHandler handler;
  };
  // A path may be read (GET) and changed (POST) by two handlers: /logging.
  struct PathRoutes {
    std::optional<Route> read;
    std::optional<Route> mutation;
  };

  // False when the path is taken already.
  bool add_read(std::string path, std::string help, AdminHandler handler);
  bool add_mutation(std::string path, std::string help, AdminHandler handler);

  boost::asio::awaitable<AdminResponse> handle(const AdminRequest& request) const;
  // "GET /stats  what it does" for each path, sorted: the answer to "/".
  std::string index() const;

 private:
  bool add(const std::string& path, Method method, std::string help, AdminHandler handler);
  const PathRoutes* find(const std::string& path) const;

  mutable std::mutex mutex_;  // plugins may register from their config callbacks on any thread
  std::map<std::string, PathRoutes, std::less<>> routes_;
};

}  // namespace smppd::admin
