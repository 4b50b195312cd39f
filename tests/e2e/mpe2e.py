# Market Panel end-to-end harness: drives the real market-panel binary
# through the AT-SPI accessibility tree and the keyboard only, as a screen
# reader user would. Run by run-e2e.sh inside a private D-Bus session,
# keyring and X display.

import os
import re
import subprocess
import tempfile
import time

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, GLib  # noqa: E402

# How long a condition may take before the walk gives up on it. The app is
# never waited for by a fixed sleep: conditions are polled.
TIMEOUT = float(os.environ.get('MP_E2E_TIMEOUT', '30'))
POLL = 0.05

# Roles a user operates; each must have a proper name.
CONTROL_ROLES = {
    'push button', 'toggle button', 'check box', 'radio button', 'link',
    'entry', 'password text', 'text', 'spin button', 'menu item',
    'check menu item', 'radio menu item', 'list item', 'table row',
    'combo box', 'page tab', 'slider', 'switch',
}

CLASS_NAME = re.compile(r'^(Gtk|Adw|Mp)[A-Z][A-Za-z]*$')


class E2EFailure(Exception):
    pass


def _state(acc, state):
    try:
        return acc.get_state_set().contains(state)
    except GLib.Error:
        return False


def settle(seconds):
    """Waits, handling the accessibility bus's events meanwhile."""
    end = time.monotonic() + seconds
    ctx = GLib.MainContext.default()
    while time.monotonic() < end:
        while ctx.pending():
            ctx.iteration(False)
        time.sleep(POLL)


def still_there(acc):
    """Whether acc is still in the tree (a recycled list row is not)."""
    try:
        if acc.get_state_set().contains(Atspi.StateType.DEFUNCT):
            return False
        return acc.get_index_in_parent() >= 0 and acc.get_parent() is not None
    except GLib.Error:
        return False


def role(acc):
    try:
        return acc.get_role_name()
    except GLib.Error:
        return ''


def name(acc):
    try:
        return acc.get_name() or ''
    except GLib.Error:
        return ''


def children(acc):
    try:
        n = acc.get_child_count()
    except GLib.Error:
        return []
    out = []
    for i in range(n):
        try:
            c = acc.get_child_at_index(i)
        except GLib.Error:
            c = None
        if c is not None:
            out.append(c)
    return out


def walk(acc, path=()):
    """Yields (accessible, path) for every visible node under acc."""
    if not _state(acc, Atspi.StateType.VISIBLE) and role(acc) != 'application':
        return
    r, n = role(acc), name(acc)
    here = path if (n == '' and r in ('panel', 'filler')) else path + ('[%s] %r' % (r, n),)
    yield acc, here
    for c in children(acc):
        yield from walk(c, here)


def name_problem(text):
    """Why a control's accessible name is wrong, or None."""
    if text.strip() == '':
        return 'empty name'
    if CLASS_NAME.match(text):
        return 'a class name as name'
    if re.search(r'(^|\s)_\w', text):
        return 'a mnemonic underscore in the name'
    # "1 Month 1 Month", "New limit for X X", "_Next Next": a run of words
    # said twice in a row (mnemonic underscores aside).
    words = text.replace('_', '').split()
    for k in range(1, len(words) // 2 + 1):
        for i in range(0, len(words) - 2 * k + 1):
            chunk = words[i:i + k]
            if chunk == words[i + k:i + 2 * k] and any(c.isalpha() for w in chunk for c in w):
                return 'a doubled label'
    return None


class App:
    """One running market-panel, with its own demo data directory."""

    def __init__(self, runner, account=None, data_dir=None):
        self.runner = runner
        self.data_dir = data_dir or tempfile.mkdtemp(prefix='mp-e2e-demo-')
        env = dict(os.environ)
        env['GTK_A11Y'] = 'atspi'
        env['MP_DEMO_DATA_DIR'] = self.data_dir
        args = [runner.program, '--demo']
        if account:
            args.append('--demo-account=' + account)
        self.log = open(os.path.join(runner.artifacts, 'app-%d.log' % runner.case), 'w')
        self.proc = subprocess.Popen(args, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        # The focus as a screen reader learns it: from focus events.
        self.last_focus = None
        self.acted = False
        self.listener = Atspi.EventListener.new(self._on_focus)
        self.listener.register('object:state-changed:focused')
        self.acc = self.wait_until(self._find_app, 'the app on the accessibility bus')
        self.frame = self.wait_until(
            lambda: self.find('frame', 'Market Panel', root=self.acc),
            'the Market Panel window')
        # The leaflet holds the section pages and the drill-down pages on
        # top of them. Every AT-SPI call is a D-Bus round trip and the whole
        # tree has over a thousand nodes: searches are kept to one page.
        self.leaflet = self.wait_until(
            lambda: self.first(lambda a: role(a) == 'filler' and name(a) == 'AdwLeaflet'),
            'the main leaflet')
        self.sections = {}

    def _on_focus(self, event):
        if event.detail1 == 1:
            self.last_focus = event.source

    def _find_app(self):
        desktop = Atspi.get_desktop(0)
        for a in children(desktop):
            try:
                if a.get_process_id() == self.proc.pid:
                    return a
            except GLib.Error:
                pass
        if self.proc.poll() is not None:
            raise E2EFailure('market-panel exited with status %d' % self.proc.returncode)
        return None

    def quit(self):
        self.listener.deregister('object:state-changed:focused')
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    # Waiting -------------------------------------------------------------

    def wait_until(self, cond, what, timeout=None, soft=False):
        end = time.monotonic() + (timeout or TIMEOUT)
        while True:
            try:
                v = cond()
            except GLib.Error:
                v = None
            if v:
                return v
            if time.monotonic() > end:
                if soft:
                    return None
                self.runner.screenshot('timeout')
                raise E2EFailure('timed out waiting for ' + what)
            if self.proc.poll() is not None:
                raise E2EFailure('market-panel exited with status %d while waiting for %s'
                                 % (self.proc.returncode, what))
            ctx = GLib.MainContext.default()
            while ctx.pending():
                ctx.iteration(False)
            time.sleep(POLL)

    # Finding -------------------------------------------------------------

    def all(self, role_name=None, name_=None, root=None, pred=None):
        out = []
        for a, _ in walk(root or self.frame):
            if role_name is not None and role(a) != role_name:
                continue
            if name_ is not None and name(a) != name_:
                continue
            if pred is not None and not pred(a):
                continue
            out.append(a)
        return out

    def first(self, pred, root=None):
        for a, _ in walk(root or self.frame):
            if pred(a):
                return a
        return None

    def find(self, role_name, name_, root=None):
        return self.first(lambda a: role(a) == role_name and (name_ is None or name(a) == name_),
                          root=root)

    # Pages ---------------------------------------------------------------

    def pages(self):
        """The leaflet's pages by class: the section page holder is ''."""
        return [name(c) for c in children(self.leaflet)]

    def drilldown(self):
        """The drill-down pages open on top of the sections."""
        return [n for n in self.pages() if n.startswith('Mp')]

    def page(self, cls):
        """The page of type cls (MpSubscriptionsPage, MpLimitsPage...)."""
        holder = None
        for c in children(self.leaflet):
            if name(c) == cls:
                return c
            if name(c) == '':
                holder = c
        if self.sections.get(cls) is None and holder is not None:
            self.sections[cls] = self.first(lambda a: role(a) == 'filler' and name(a) == cls,
                                            root=holder)
        return self.sections.get(cls)

    def wait_page(self, cls):
        return self.wait_until(lambda: self.page(cls),
                               'the %s page' % cls)

    def show_tab(self, title, cls):
        """Clicks the section tab title and returns its page of type cls
        once the tab is selected: GTK clicks an activated button a moment
        later, once drawn pressed, and a section built at sign-in has its
        page there all along."""
        tab = self.find('page tab', title)
        self.click(tab)
        self.wait_until(lambda: _state(tab, Atspi.StateType.SELECTED),
                        'the %s tab to be selected' % title)
        return self.wait_page(cls)

    def window(self, title):
        """Another top-level window of the app (cart, wizard, dialog)."""
        for c in children(self.acc):
            if name(c) == title:
                return c
        return None

    def wait_for(self, role_name, name_, root=None, what=None):
        return self.wait_until(lambda: self.find(role_name, name_, root=root),
                               what or '%s %r' % (role_name, name_))

    def focused(self):
        f = self.last_focus
        if f is not None and _state(f, Atspi.StateType.FOCUSED):
            return f
        for a, _ in walk(self.frame):
            if _state(a, Atspi.StateType.FOCUSED):
                return a
        return None

    # Acting --------------------------------------------------------------

    def click(self, acc):
        """The accessible 'click' (or first) action, as Orca's activate."""
        ai = acc.get_action_iface()
        if ai is None or ai.get_n_actions() == 0:
            raise E2EFailure('%s %r has no action' % (role(acc), name(acc)))
        ai.do_action(0)
        self.acted = True

    def press(self, role_name, name_, root=None):
        acc = self.wait_for(role_name, name_, root=root)
        self.wait_until(lambda: _state(acc, Atspi.StateType.SENSITIVE),
                        '%s %r to be sensitive' % (role_name, name_))
        self.click(acc)
        return acc

    def key(self, *keys):
        # Under Xvfb the first XTEST key event after an AT-SPI action is
        # dropped (any key: Escape, Shift, Tab; the second one arrives), so
        # a lone Shift goes first. It does nothing in the app.
        if self.acted:
            subprocess.run(['xdotool', 'key', 'shift'], check=True)
            self.acted = False
        for k in keys:
            subprocess.run(['xdotool', 'key', '--clearmodifiers', k], check=True)

    def type(self, text):
        if self.acted:
            self.key()
        subprocess.run(['xdotool', 'type', '--delay', '20', text], check=True)

    def tab_to(self, pred, what, key='Tab', limit=80):
        """Presses Tab until the focused control matches pred."""
        for _ in range(limit):
            f = self.focused()
            if f is not None and pred(f):
                return f
            self.key(key)
            self.runner.diag('  %s: %s %r' % (key, role(f) if f else None, name(f) if f else None)) if os.environ.get('MP_E2E_VERBOSE') else None
            self.wait_until(lambda: self.focused() is not None and self.focused() != f,
                            'the focus to move on %s' % key, timeout=2, soft=True)
        raise E2EFailure('%s never got the focus with %s' % (what, key))

    def set_text(self, acc, text):
        et = acc.get_editable_text_iface()
        et.set_text_contents(text)

    # The name checker ----------------------------------------------------

    def check_names(self, screen, root=None):
        """Records every control reachable in the tree under root (the
        whole app by default) whose name is empty, a class name, has a
        mnemonic underscore or is a doubled label."""
        seen = 0
        for a, path in walk(root or self.acc):
            r = role(a)
            if r not in CONTROL_ROLES:
                continue
            seen += 1
            why = name_problem(name(a))
            if why and still_there(a):
                # Asked again: a row rebound while the walk read it (a
                # list refreshing in the background) answers for its new
                # item, or not at all once it is gone.
                settle(0.5)
                try:
                    a.clear_cache()
                except GLib.Error:
                    pass
                why = name_problem(name(a))
                if why and still_there(a):
                    self.runner.violation(screen, why, ' > '.join(path[1:]))
        return seen


class Runner:
    """Runs cases, prints TAP, keeps screenshots per step."""

    def __init__(self):
        self.program = os.environ['MP_E2E_PROGRAM']
        base = os.environ.get('MP_TEST_ARTIFACTS_DIR') or os.path.join(
            os.environ.get('MP_BUILD_DIR', '.'), 'test-artifacts')
        self.artifacts = os.path.join(base, 'e2e')
        os.makedirs(self.artifacts, exist_ok=True)
        self.case = 0
        self.case_name = ''
        self.step = 0
        self.failed = 0
        self.violations = []
        self.only = os.environ.get('MP_E2E_ONLY')

    def diag(self, text):
        for line in str(text).splitlines():
            print('# ' + line, flush=True)

    def screenshot(self, label):
        self.step += 1
        safe = re.sub(r'[^A-Za-z0-9]+', '-', label).strip('-').lower()
        path = os.path.join(self.artifacts, '%02d-%s-%02d-%s.png' % (
            self.case, re.sub(r'[^a-z0-9]+', '-', self.case_name.lower()), self.step, safe))
        subprocess.run(['import', '-window', 'root', path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return path

    def violation(self, screen, why, path):
        key = (why, path)
        if key in [(v[1], v[2]) for v in self.violations]:
            return
        self.violations.append((screen, why, path))

    def run(self, cases):
        print('1..%d' % len(cases), flush=True)
        for fn in cases:
            self.case += 1
            self.case_name = fn.__name__.replace('test_', '').replace('_', ' ')
            self.step = 0
            self.violations = []
            if self.only and not any(o in fn.__name__ for o in self.only.split(',')):
                print('ok %d - %s # SKIP not selected by MP_E2E_ONLY' % (self.case, self.case_name))
                continue
            start = self.started = time.monotonic()
            error = None
            try:
                fn(self)
            except Exception as e:  # noqa: BLE001 -- any failure fails the case
                error = e
            for screen, why, path in self.violations:
                self.diag('%s: %s: %s' % (screen, why, path))
            if error is not None:
                import traceback
                self.diag(''.join(traceback.format_exception(error)))
            ok = error is None and not self.violations
            if not ok:
                self.failed += 1
            print('%s %d - %s (%.1f s)' % ('ok' if ok else 'not ok', self.case,
                                           self.case_name, time.monotonic() - start),
                  flush=True)
        return 1 if self.failed else 0

    def checked(self, app, screen, root=None):
        """Every step: the name check of what is on screen (root: the
        page; the whole app by default) and a screenshot."""
        app.check_names(screen, root)
        self.screenshot(screen)
        self.diag('%6.1f s  %s' % (time.monotonic() - self.started, screen))
