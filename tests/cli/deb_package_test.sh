#!/bin/sh
# The Debian package (issue 35): `cpack -G DEB` over the build folder gives tengen_VERSION_ARCH.deb
# holding the binary, the shipped networks and MANIFEST, the man page and no test programs; its
# Depends line, computed from the binary by dpkg-shlibdeps, names libtorch in a build with networks.
# Skipped (exit 77) where dpkg-deb or dpkg-shlibdeps is missing (not a Debian machine).
# Usage: deb_package_test.sh BUILD_DIR WORKDIR WITH_TORCH(0|1)
set -u
build=$1
d=$2
with_torch=$3
fail() { echo "FAIL: $*"; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" > /dev/null || { echo "SKIP: $tool is not installed (Debian's dpkg-dev builds the .deb)"; exit 77; }
done
rm -rf "$d" && mkdir -p "$d" || exit 1
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$d" > "$d/cpack.log" 2>&1 || fail "cpack: $(cat "$d/cpack.log")"
deb=$(ls "$d"/tengen_*_*.deb 2> /dev/null | head -1)
[ -n "$deb" ] || fail "no tengen_*.deb in $d: $(cat "$d/cpack.log")"
dpkg-deb -c "$deb" > "$d/contents" || fail "dpkg-deb -c $deb"
for f in ./usr/bin/tengen ./usr/share/man/man6/tengen.6.gz ./usr/share/tengen/weights/MANIFEST \
  ./usr/share/tengen/weights/sl-policy-cpu-large.safetensors ./usr/share/tengen/weights/rollout-policy.safetensors \
  ./usr/share/doc/tengen/USAGE.md; do
  grep -q " $f\$" "$d/contents" || fail "$f is not in the package: $(cat "$d/contents")"
done
if grep -E '_test|/tests?/|fuzz' "$d/contents"; then fail "the package holds test programs"; fi
[ "$(dpkg-deb -f "$deb" Package)" = tengen ] || fail "Package: $(dpkg-deb -f "$deb" Package)"
[ "$(dpkg-deb -f "$deb" Section)" = games ] || fail "Section: $(dpkg-deb -f "$deb" Section)"
depends=$(dpkg-deb -f "$deb" Depends)
echo "$depends" | grep -q 'libboost-program-options' || fail "Depends does not name Boost: $depends"
if [ "$with_torch" = 1 ]; then
  echo "$depends" | grep -q 'libtorch' || fail "Depends does not name libtorch: $depends"
fi
echo "ok: $deb; Depends: $depends"
