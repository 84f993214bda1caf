# Writes a plugin's installed manifest: the source manifest from manifests/, then the library's
# file name and the sha256 of its bytes, which the loader checks before dlopen.
#   cmake -DMANIFEST_IN=... -DLIBRARY=... -DMANIFEST_OUT=... -P WritePluginManifest.cmake
file(READ "${MANIFEST_IN}" manifest)
file(SHA256 "${LIBRARY}" digest)
get_filename_component(library_name "${LIBRARY}" NAME)
string(APPEND manifest "\n# Written by the build (cmake/WritePluginManifest.cmake).\n")
string(APPEND manifest "file = \"${library_name}\"\n")
string(APPEND manifest "sha256 = \"${digest}\"\n")
file(WRITE "${MANIFEST_OUT}.tmp" "${manifest}")
file(RENAME "${MANIFEST_OUT}.tmp" "${MANIFEST_OUT}")
