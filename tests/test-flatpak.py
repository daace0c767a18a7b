#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs Socket Workbench with Flatpak, as users do, and runs it.

Builds the real manifest (flatpak/<app id>.json, as it is) with
flatpak-builder against a stand-in of its runtime and SDK, made from this
machine's Debian packages by flatpak/make-standin-runtime (no network),
installs it, starts it in its sandbox, and through AT-SPI checks the window's
tabs and that the sandboxed TCP client talks to an echo server on 127.0.0.1.
Then uninstalls it. Prints TAP.

  test-flatpak.py MODE SRCDIR CACHEDIR WORKDIR

MODE is the flatpak_tests option: "disabled" skips; "auto" skips, saying
why, where Flatpak cannot run here (no bubblewrap sandbox, no display…);
"enabled" fails there instead. All Flatpak state lives in WORKDIR, which is
removed at the end; the stand-in runtime stays cached in CACHEDIR.

Run under an X server and a D-Bus session bus with the accessibility bus,
as build-aux/test does; needs Debian's python3-pyatspi.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback

APP_ID = 'io.github.socketworkbench.SocketWorkbench'
# The three default sessions; a title follows the session's form ("TCP
# Server" becomes "Server :7000" once it has a port).
TABS = [r'(TCP Client|\S+:\d+)', r'(TCP Server|Server \S*:\d+)', r'(UDP Peer|UDP \S*:\d+)']
BUILD_TIMEOUT = 900

# Only the app's own warnings fail the run (see e2e-atspi.py).
os.environ.pop('G_DEBUG', None)


class Tap:
    def __init__(self, planned):
        self.planned = planned
        self.number = 0
        self.failed = 0
        print(f'1..{planned}', flush=True)

    def ok(self, name):
        self.number += 1
        print(f'ok {self.number} - {name}', flush=True)

    def not_ok(self, name, why):
        self.number += 1
        self.failed += 1
        print(f'not ok {self.number} - {name}', flush=True)
        self.comment(why)

    @staticmethod
    def comment(text):
        for line in str(text).splitlines():
            print(f'# {line}', flush=True)


def skip_or_fail(mode, reason):
    """Flatpak cannot run here: a skip that says why, or with
    -Dflatpak_tests=enabled, a failure."""
    if mode == 'enabled':
        print(f'Bail out! {reason} (and -Dflatpak_tests=enabled)', flush=True)
        sys.exit(1)
    print(f'1..0 # SKIP {reason}', flush=True)
    sys.exit(0)


def copied_into_build(srcdir, manifest, paths):
    """A path that flatpak-builder would copy with the sources: the
    manifest's "dir" source is the whole tree but for what it skips."""
    with open(manifest, encoding='utf-8') as f:
        fields = json.load(f)
    skipped = {skip for module in fields['modules'] for source in module.get('sources', [])
               for skip in source.get('skip', [])}
    for path in paths:
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(srcdir))
        if not relative.startswith('..') and relative.split(os.sep)[0] not in skipped:
            return path
    return None


def why_flatpak_cannot_run(cachedir):
    for program in ('flatpak', 'flatpak-builder', 'bwrap', 'ostree', 'dpkg-query', 'apt-cache'):
        if shutil.which(program) is None:
            return f'{program} is not installed'
    # What flatpak asks of bubblewrap; fails without user namespaces
    # (for a user other than root) or in a container that forbids them.
    probe = subprocess.run(['bwrap', '--ro-bind', '/', '/', '--unshare-pid', '--unshare-ipc',
                            '--unshare-uts', '--unshare-net', '--proc', '/proc', '--dev', '/dev',
                            'true'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if probe.returncode != 0:
        return f'bubblewrap cannot make a sandbox here: {probe.stdout.strip()}'
    if not os.environ.get('DISPLAY'):
        return 'no X display to run the app on (run under xvfb-run)'
    if not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
        return 'no D-Bus session bus (run under dbus-run-session)'
    if importlib.util.find_spec('pyatspi') is None:
        return 'python3-pyatspi is not installed'
    # The stand-in takes 0.8 GB, and as much again while it is made.
    need = 0.5 if os.path.isdir(os.path.join(cachedir, 'repo')) else 2.5
    free = shutil.disk_usage(os.path.dirname(cachedir)).free / 2**30
    if free < need:
        return f'{free:.1f} GiB free in {os.path.dirname(cachedir)}; the test needs {need} GiB'
    return None


class Flatpak:
    """flatpak and flatpak-builder, with every bit of their state in workdir:
    never the user's or the system's installation."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.env = {
            'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
            'HOME': os.path.join(workdir, 'home'),
            'XDG_RUNTIME_DIR': os.path.join(workdir, 'runtime'),
            'FLATPAK_USER_DIR': os.path.join(workdir, 'user'),
            'FLATPAK_SYSTEM_DIR': os.path.join(workdir, 'system'),
            'FLATPAK_CONFIG_DIR': os.path.join(workdir, 'config'),
            'LANG': 'C.UTF-8',
        }
        for name in ('DISPLAY', 'XAUTHORITY', 'DBUS_SESSION_BUS_ADDRESS'):
            if name in os.environ:
                self.env[name] = os.environ[name]
        for name in ('home', 'runtime', 'config'):
            os.makedirs(os.path.join(workdir, name), mode=0o700)

    def run(self, *argv, timeout=120):
        """Runs argv; returns its output, raises with it when it fails."""
        result = subprocess.run(argv, env=self.env, cwd=self.workdir, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                timeout=timeout)
        if result.returncode != 0:
            tail = '\n'.join(result.stdout.splitlines()[-150:])
            raise AssertionError(f'{" ".join(argv)} failed with status {result.returncode}; '
                                 f'it ended with:\n{tail}')
        return result.stdout

    def popen(self, *argv):
        return subprocess.Popen(argv, env=self.env, cwd=self.workdir, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def installed_apps(self):
        return self.run('flatpak', '--user', 'list', '--app', '--columns=application').split()


def warnings_in(log):
    """Lines of a flatpak-builder log that warn, but for the one that
    flatpak-builder 1.2 causes itself by running "meson" without "setup"."""
    return [line for line in log.splitlines()
            if re.search(r'warning', line, re.I) and
            'Running the setup command as `meson [options]`' not in line]


def stand_in(srcdir, cachedir, flatpak, manifest):
    """Installs the stand-ins of the manifest's runtime and SDK, made or
    taken from the cache."""
    subprocess.run([os.path.join(srcdir, 'flatpak', 'make-standin-runtime'), manifest, cachedir],
                   check=True, stdin=subprocess.DEVNULL, timeout=BUILD_TIMEOUT)
    with open(manifest, encoding='utf-8') as f:
        fields = json.load(f)
    refs = [f'runtime/{fields[name]}//{fields["runtime-version"]}' for name in ('runtime', 'sdk')]
    repo = os.path.join(cachedir, 'repo')
    flatpak.run('flatpak', '--user', 'remote-add', '--no-gpg-verify', 'standin', f'file://{repo}')
    flatpak.run('flatpak', '--user', 'install', '--noninteractive', 'standin', *refs)
    return refs


def build_and_install(flatpak, manifest):
    log = flatpak.run('flatpak-builder', '--user', '--install', '--disable-rofiles-fuse',
                      '--force-clean', '--state-dir', os.path.join(flatpak.workdir, 'state'),
                      os.path.join(flatpak.workdir, 'build'), manifest, timeout=BUILD_TIMEOUT)
    # Kept after the run, beside the removed workdir.
    with open(os.path.join(os.path.dirname(flatpak.workdir), 'flatpak-builder.log'), 'w',
              encoding='utf-8') as f:
        f.write(log)
    if APP_ID not in flatpak.installed_apps():
        raise AssertionError(f'flatpak-builder ran, but {APP_ID} is not installed:\n{log}')
    return log


def tabs_shown(app):
    from atspi_driver import find, wait_for, walk
    tab_list = find(app, 'page tab list', 'Tab list', showing=False)

    def title(tab):
        # GTK 4.8 names every tab "Tab"; its label says which one it is.
        return ' '.join(a.name for a in walk(tab) if a.getRoleName() == 'label')

    def shown():
        names = [title(tab_list.getChildAtIndex(i)) for i in range(tab_list.childCount)
                 if tab_list.getChildAtIndex(i).getRoleName() == 'page tab']
        if len(names) != len(TABS) or not all(re.fullmatch(p, n) for p, n in zip(TABS, names)):
            raise AssertionError(f'the tabs are {names}')
        return names
    wait_for(f'the tabs {TABS}', shown)


def tcp_exchange(app):
    from atspi_driver import Peer, click, find, select_tab, send_message, set_text, wait_log
    echo = Peer('echo_server.py')
    try:
        port = echo.expect(r'^PORT (\d+)')
        select_tab(app, 0)
        set_text(find(app, 'text', 'Host'), '127.0.0.1')
        set_text(find(app, 'text', 'Port'), port)
        click(find(app, 'push button', 'Connect'))
        find(app, 'push button', 'Disconnect')
        send_message(app, 'hello from the sandbox\\n')
        wait_log(app, r'→ 127\.0\.0\.1:%s \(23 B\) hello from the sandbox\\n' % port)
        wait_log(app, r'← 127\.0\.0\.1:%s \(23 B\) hello from the sandbox\\n' % port)
        click(find(app, 'push button', 'Disconnect'))
        find(app, 'push button', 'Connect')
    finally:
        echo.stop()


def run_app(tap, flatpak):
    """Starts the installed app, checks it through AT-SPI, quits it over
    D-Bus as the desktop would."""
    from atspi_driver import find, find_application, own_warnings

    app_process = flatpak.popen('flatpak', 'run', APP_ID)
    app = None
    try:
        try:
            app = find_application('socket-workbench')
            find(app, 'frame', 'Socket Workbench')
            tabs_shown(app)
            tap.ok(f'the sandboxed app shows its window with the tabs {", ".join(TABS)}')
        except Exception:
            tap.not_ok('the sandboxed app shows its window and its tabs', traceback.format_exc())
            app = None
        if app is None:
            tap.not_ok('the sandboxed TCP client exchanges a message with an echo server',
                       'not tried: no window')
        else:
            try:
                tcp_exchange(app)
                tap.ok('the sandboxed TCP client exchanges a message with an echo server '
                       'on 127.0.0.1')
            except Exception:
                tap.not_ok('the sandboxed TCP client exchanges a message with an echo server',
                           traceback.format_exc())
    finally:
        # The app owns its name on the session bus through flatpak's proxy.
        subprocess.run(['gapplication', 'action', APP_ID, 'quit'], env=flatpak.env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
        try:
            _, stderr = app_process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            subprocess.run(['flatpak', 'kill', APP_ID], env=flatpak.env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            app_process.kill()
            _, stderr = app_process.communicate()
        stderr = stderr.decode('utf-8', 'replace')

    problems = [f'the app warned: {line}' for line in own_warnings(stderr)]
    if app_process.returncode != 0:
        problems.append(f'the app exited with {app_process.returncode}; it printed:\n{stderr}')
    if problems:
        tap.not_ok('the sandboxed app quits when asked over D-Bus, without warnings',
                   '\n'.join(problems))
    else:
        tap.ok('the sandboxed app quits when asked over D-Bus, without warnings')


def main():
    mode, srcdir, cachedir, workdir = sys.argv[1:5]
    if mode == 'disabled':
        print('1..0 # SKIP disabled by -Dflatpak_tests=disabled', flush=True)
        return 0
    reason = why_flatpak_cannot_run(cachedir)
    if reason:
        skip_or_fail(mode, reason)

    manifest = os.path.join(srcdir, 'flatpak', f'{APP_ID}.json')
    inside = copied_into_build(srcdir, manifest, [cachedir, workdir])
    if inside:
        skip_or_fail(mode, f'{inside} is in the source tree, and flatpak-builder would copy it '
                     'into the build: build in _build or outside the sources')
    if os.path.exists(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    flatpak = Flatpak(workdir)
    tap = Tap(7)
    try:
        started = time.monotonic()
        try:
            refs = stand_in(srcdir, cachedir, flatpak, manifest)
            tap.ok(f'the stand-ins of {" and ".join(refs)} are installed')
        except Exception:
            tap.not_ok('the stand-in runtime is made and installed', traceback.format_exc())
            print('Bail out! no runtime to build on', flush=True)
            return 1
        tap.comment(f'stand-in ready in {time.monotonic() - started:.0f} s')

        started = time.monotonic()
        try:
            log = build_and_install(flatpak, manifest)
            tap.ok('flatpak-builder builds and installs the manifest')
        except Exception:
            tap.not_ok('flatpak-builder builds and installs the manifest', traceback.format_exc())
            print('Bail out! nothing installed to run', flush=True)
            return 1
        tap.comment(f'built and installed in {time.monotonic() - started:.0f} s')

        warnings = warnings_in(log)
        if warnings:
            tap.not_ok('the build, the checks of the desktop file, icon and metainfo, and '
                       'the export print no warnings', '\n'.join(warnings))
        else:
            tap.ok('the build, the checks of the desktop file, icon and metainfo, and '
                   'the export print no warnings')

        started = time.monotonic()
        run_app(tap, flatpak)
        tap.comment(f'ran in {time.monotonic() - started:.0f} s')

        try:
            flatpak.run('flatpak', '--user', 'uninstall', '--noninteractive', APP_ID)
            if APP_ID in flatpak.installed_apps():
                raise AssertionError('still installed after flatpak uninstall')
            tap.ok('flatpak uninstall removes the app')
        except Exception:
            tap.not_ok('flatpak uninstall removes the app', traceback.format_exc())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
