#!/usr/bin/env python3
# check-layers.py: the build keeps the layers apart.
#
# Copyright 2026 The Market Panel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# For each library it takes the real compiler command of one of its sources
# from the build's compile_commands.json and compiles small probes with it:
# a probe including a header of the library itself (or of a layer below)
# must compile, a probe including a header of a higher or a sibling layer
# must fail with "HEADER: No such file". So an `#include "mp-window.h"` in src/api
# breaks the build, and this test fails as soon as a meson.build hands a
# library an include directory it must not see.
#
# Usage: check-layers.py BUILD-DIR   (TAP on stdout)

import json
import os
import shlex
import subprocess
import sys
import tempfile

# library: (a source of it, headers it sees, headers it must not see)
LAYERS = [
    ('api', 'src/api/mp-money.c',
     ['mp-api.h', 'mp-client-private.h'],
     ['mp-window.h', 'mp-limits-page.h', 'mp-credentials.h', 'mp-server-private.h',
      'mp-mirror.h', 'mp-request-budget.h', 'gtk/gtk.h', 'libsecret/secret.h']),
    # The mirror sits on api (above it, below ui), beside secrets and server.
    ('mirror', 'src/mirror/mp-mirror.c',
     ['mp-mirror.h', 'mp-mirror-private.h', 'mp-request-budget.h', 'mp-api.h',
      'mp-client-private.h', 'sqlite3.h'],
     ['mp-window.h', 'mp-session.h', 'mp-credentials.h', 'mp-server-private.h', 'mp-db.h',
      'gtk/gtk.h', 'libsecret/secret.h']),
    ('secrets', 'src/secrets/mp-credentials.c',
     ['mp-credentials.h'],
     ['mp-window.h', 'mp-api.h', 'mp-mirror.h', 'mp-server-private.h', 'gtk/gtk.h']),
    # The server shares the money code of api (the layer below it).
    ('server', 'src/server/mp-server.c',
     ['mp-server-private.h', 'mp-money.h'],
     ['mp-window.h', 'mp-session.h', 'mp-credentials.h', 'mp-mirror.h', 'gtk/gtk.h']),
    ('server-validate', 'src/server/mp-server-validate.c',
     ['mp-server-validate.h'],
     ['mp-window.h', 'mp-credentials.h', 'gtk/gtk.h']),
    ('ui', 'src/ui/mp-window.c',
     ['mp-window.h', 'mp-limits-page.h', 'mp-summary-step.h', 'mp-cart.h',
      'mp-customers-page.h', 'mp-api.h', 'mp-mirror.h', 'mp-credentials.h', 'gtk/gtk.h'],
     ['mp-server-private.h', 'mp-server-validate.h', 'mp-db.h']),
]

# Includes by path across the layers: no library sees the source root, src/
# or the build root (which holds the generated headers of every layer).
BY_PATH = ['src/ui/mp-window.h', 'ui/mp-window.h', 'src/ui/mp-resources.h', 'ui/mp-resources.h',
           'src/api/mp-api.h', 'api/mp-api.h', 'src/mirror/mp-mirror.h', 'mirror/mp-mirror.h']


def probe_command(entry, probe, out_dir):
    """The entry's compiler command, compiling PROBE to an object in OUT_DIR."""
    args = entry.get('arguments') or shlex.split(entry['command'])
    result = []
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in ('-o', '-MQ', '-MF', '-MT'):
            skip = True
            continue
        if arg in ('-MD', '-MMD', '-c') or arg == entry['file'] \
                or os.path.normpath(os.path.join(entry['directory'], arg)) \
                == os.path.normpath(os.path.join(entry['directory'], entry['file'])):
            continue
        result.append(arg)
    return result + ['-c', probe, '-o', os.path.join(out_dir, 'probe.o')]


def compile_probe(entry, header, out_dir):
    probe = os.path.join(out_dir, 'probe.c')
    with open(probe, 'w') as f:
        f.write('#include "config.h"\n#include "%s"\nint mp_probe (void);\n'
                'int mp_probe (void) { return 0; }\n' % header)
    proc = subprocess.run(probe_command(entry, probe, out_dir), cwd=entry['directory'],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc.returncode, proc.stdout


def main():
    build_dir = os.path.abspath(sys.argv[1])
    with open(os.path.join(build_dir, 'compile_commands.json')) as f:
        commands = json.load(f)

    def find(source):
        for entry in commands:
            path = os.path.normpath(os.path.join(entry['directory'], entry['file']))
            if path.endswith(os.sep + source) and '/tests/' not in path:
                return entry
        return None

    plan = []
    for name, source, sees, hidden in LAYERS:
        for header in sees:
            plan.append((name, source, header, True))
        for header in hidden + BY_PATH:
            plan.append((name, source, header, False))

    print('1..%d' % len(plan))
    failed = 0
    with tempfile.TemporaryDirectory() as out_dir:
        for i, (name, source, header, visible) in enumerate(plan, 1):
            entry = find(source)
            what = '%s %s "%s"' % (name, 'includes' if visible else 'cannot include', header)
            if entry is None:
                print('not ok %d - %s: no compiler command for %s' % (i, what, source))
                failed += 1
                continue
            status, output = compile_probe(entry, header, out_dir)
            if visible:
                good = status == 0
            else:
                # Refused for this header itself, not for one it includes.
                good = status != 0 and ('%s: No such file' % header) in output
            print('%s %d - %s' % ('ok' if good else 'not ok', i, what))
            if not good:
                failed += 1
                for line in output.splitlines()[:10]:
                    print('# ' + line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
