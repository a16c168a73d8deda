// The target that owns the test binaries' precompiled Catch2 header
// (tests/CMakeLists.txt); it runs nothing.
int main() { return 0; }
