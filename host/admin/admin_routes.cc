#include "host/admin/admin_routes.h"

namespace smppd::admin {

bool AdminRoutes::add_read(std::string path, std::string help, AdminHandler handler) {
  return add(path, Method::get, std::move(help), std::move(handler));
}

bool AdminRoutes::add_mutation(std::string path, std::string help, AdminHandler handler) {
  return add(path, Method::post, std::move(help), std::move(handler));
}

bool AdminRoutes::add(const std::string& path, Method method, std::string help, AdminHandler handler) {
  if (!path.starts_with('/')) return false;
  std::lock_guard lock(mutex_);
  PathRoutes& routes = routes_[path];
  std::optional<Route>& slot = method == Method::post ? routes.mutation : routes.read;
  if (slot) return false;
  slot = Route{std::move(help), std::move(handler)};
  return true;
}

const AdminRoutes::PathRoutes* AdminRoutes::find(const std::string& path) const {
  std::lock_guard lock(mutex_);
  if (auto it = routes_.find(path); it != routes_.end()) return &it->second;
  // The longest registered prefix ("/plugins/credit/") that the path starts with.
  const PathRoutes* best = nullptr;
  size_t best_length = 0;
  for (const auto& [prefix, route] : routes_) {
    if (prefix.size() > 1 && prefix.back() == '/' && path.starts_with(prefix) && prefix.size() > best_length) {
      best = &route;
      best_length = prefix.size();
    }
  }
  return best;
}

boost::asio::awaitable<AdminResponse> AdminRoutes::handle(const AdminRequest& request) const {
  if (request.path == "/" && request.method == Method::get) co_return text_response(200, index());
  const PathRoutes* routes = find(request.path);
  if (routes == nullptr) co_return error_response(404, "no admin path " + request.path + " (GET / lists them)");
  const std::optional<Route>& route = request.method == Method::post  ? routes->mutation
                                      : request.method == Method::get ? routes->read
                                                                      : std::optional<Route>();
  if (!route) {
    const bool post_only = !routes->read;
    AdminResponse response =
        error_response(405, post_only ? request.path + " changes state: use POST" : request.path + " is read with GET");
    response.headers.emplace_back("Allow", post_only ? "POST" : routes->mutation ? "GET, POST" : "GET");
    co_return response;
  }
  co_return co_await route->handler(request);
}

std::string AdminRoutes::index() const {
  std::lock_guard lock(mutex_);
  std::string text;
  for (const auto& [path, routes] : routes_) {
    for (const auto* route : {&routes.read, &routes.mutation}) {
      if (!*route) continue;
      text += route == &routes.mutation ? "POST " : "GET  ";
      text += path;
      text.append(path.size() < 28 ? 28 - path.size() : 1, ' ');
      text += (*route)->help;
      text += '\n';
    }
  }
  return text;
}

}  // namespace smppd::admin
