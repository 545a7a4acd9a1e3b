// The web UI's static files (data/web/), compiled into the binary by
// cmake/embed.cmake like the lexicons: the server needs no files at run time.
#pragma once

#include <vector>

#include "base/resources.h"

namespace crosscheck {

// Every file of data/web/ by name ("style.css"); the views live for the whole program.
const std::vector<Resource>& WebAssets();

}  // namespace crosscheck
