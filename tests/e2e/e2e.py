#!/usr/bin/python3
# The end-to-end walk: the five purchase flows of the ordering guide, Back,
# Escape and Alt+Left from every drill-down page, Ctrl+F, and a demo server
# killed mid-provisioning, driven through the accessibility tree and the
# keyboard only. Prints TAP, one case per walk.

import contextlib
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mpe2e import App, Atspi, E2EFailure, Runner, children, name, role  # noqa: E402

# The reseller's own subscription (My Subscriptions lists only those).
SUBSCRIPTION = 'IDSync - Connector for Resellers'


@contextlib.contextmanager
def started(r, account=None, row=SUBSCRIPTION):
    """The app signed in to a new demo marketplace (as account), once row
    is in its subscriptions list."""
    app = App(r, account=account)
    try:
        subs = app.wait_page('MpSubscriptionsPage')
        app.wait_until(lambda: find_row(app, subs, row), 'the subscriptions list')
        r.checked(app, 'start')
        yield app
    finally:
        app.quit()


def row_labels(app, row):
    return [name(lb) for lb in app.all('label', root=row)]


def find_row(app, root, text):
    return app.first(lambda a: role(a) == 'table row' and text in row_labels(app, a), root=root)


def open_row(app, text):
    """Tabs into the list, moves down to the row showing text, presses Enter."""
    app.tab_to(lambda a: role(a) == 'table row', 'a list row')
    app.tab_to(lambda a: role(a) == 'table row' and text in row_labels(app, a),
               'the row of %s' % text, key='Down')
    app.key('Return')


def button(app, label, root):
    """The push button a user knows by its label. The label is matched
    loosely (mnemonic underscores and a doubled label aside) so a wrong
    name is reported by the name checker, not as a missing button."""
    def match(a):
        n = name(a).replace('_', '')
        return n == label or n == label + ' ' + label
    return app.wait_until(lambda: app.all('push button', root=root, pred=match),
                          'the %r button' % label)[-1]


def sensitive(acc):
    return acc.get_state_set().contains(Atspi.StateType.SENSITIVE)


def go_back(app, how):
    """Leaves the drill-down page on top by how (the Back button, or a
    key); waits for the leaflet to drop it."""
    before = app.drilldown()
    if not before:
        raise E2EFailure('no drill-down page to leave')
    if how == 'button':
        # Every drill-down page has its own Back button; the top page's
        # is the one of the page that was opened last.
        app.click(app.wait_for('push button', 'Back', root=app.page(before[-1] if len(before) == 1
                                                                     else top(app, before))))
    else:
        app.key(how)
    app.wait_until(lambda: len(app.drilldown()) == len(before) - 1,
                   'a page to close after %s (open: %s)' % (how, ', '.join(app.drilldown())))


OPENED = []


def top(app, pages):
    """The page opened last among pages (the walk keeps the order)."""
    for cls in reversed(OPENED):
        if cls in pages:
            return cls
    return pages[-1]


def opened(app, cls):
    OPENED.append(cls)
    return app.wait_page(cls)


def back_to_list(app, how):
    """Leaves drill-down pages one by one until the list is in sight."""
    while app.drilldown():
        go_back(app, how)


def open_subscription(r, app):
    open_row(app, SUBSCRIPTION)
    page = opened(app, 'MpSubscriptionPage')
    app.wait_for('push button', 'Reload', root=page)
    app.wait_until(lambda: app.find('label', 'Overview', root=page), 'the subscription')
    r.checked(app, 'subscription', page)
    return page


def open_limits(r, app, sub):
    app.click(button(app, 'Change Resource Limits', sub))
    page = opened(app, 'MpLimitsPage')
    app.wait_until(lambda: app.all('spin button', root=page), 'the limits page')
    r.checked(app, 'limits', page)
    return page


def test_change_resource_limits(r):
    """Flow 5: Subscriptions > subscription > Change Resource Limits > OK."""
    with started(r) as app:
        sub = open_subscription(r, app)
        page = open_limits(r, app, sub)
        spin = app.all('spin button', root=page)[0]
        value = spin.get_value_iface()
        current = int(value.get_current_value())
        value.set_current_value(current + 2)
        ok = button(app, 'OK', page)
        app.wait_until(lambda: sensitive(ok), 'OK to become sensitive')
        r.checked(app, 'new amount', page)
        app.click(ok)
        prov = opened(app, 'MpProvisioningPage')
        app.wait_for('label', 'Order Completed', root=prov, what='the change order to complete')
        r.checked(app, 'order completed', prov)
        app.click(button(app, 'Open Subscription', prov))
        want = 'Limit: %d' % (current + 2)
        app.wait_until(lambda: [p for p in app.drilldown() if p == 'MpSubscriptionPage'
                                and app.find('label', want, root=app.page(p))],
                       'the subscription page to say %r' % want)
        r.checked(app, 'subscription with the new limit', app.page('MpSubscriptionPage'))
        back_to_list(app, 'Escape')
        r.checked(app, 'list', app.page('MpSubscriptionsPage'))


def children_button(acc):
    """The real button inside a menu button's accessible."""
    for i in range(acc.get_child_count()):
        c = acc.get_child_at_index(i)
        if role(c) == 'push button':
            return c
    return acc


def step_title(app, w):
    lb = app.first(lambda a: role(a) == 'label' and name(a).startswith('Step '), root=w)
    return name(lb) if lb is not None else None


def wait_step(app, w, prefix):
    return app.wait_until(lambda: (step_title(app, w) or '').startswith(prefix),
                          'the wizard step %r (at %r)' % (prefix, step_title(app, w)))


def next_step(r, app, w, screen):
    """Next, as a user: the button once it is sensitive; waits for the
    step to change."""
    before = step_title(app, w)
    nxt = button(app, 'Next', w)
    app.wait_until(lambda: sensitive(nxt), 'Next to become sensitive on %r' % before)
    r.checked(app, screen, w)
    app.click(nxt)
    app.wait_until(lambda: step_title(app, w) != before, 'the step after %r' % before)


def is_choice(a, label):
    return role(a) in ('check box', 'radio button') and (
        name(a).replace('_', '') == label or name(a).replace('_', '') == label + ' ' + label)


def checked(a):
    return a.get_state_set().contains(Atspi.StateType.CHECKED)


def choose_option(app, w, label):
    """A radio choice or check box, by Tab and Space."""
    app.tab_to(lambda a: is_choice(a, label), 'the choice %r' % label)
    f = app.focused()
    if not checked(f):
        app.key('space')
    app.wait_until(lambda: checked(f), '%r to be checked' % label)


def choose_item(app, w, label, in_list=None):
    """A row of a list (a service, a variant, a product), by Tab, Down and
    Enter; in_list tells the list when the screen has several."""
    def row(a):
        return role(a) == 'list item' and (in_list is None or in_list(a.get_parent()))
    app.tab_to(row, 'a row of the list')
    app.tab_to(lambda a: row(a) and name(a) == label, 'the row %r' % label, key='Down')
    app.key('Return')


def wizard_walk(r, app, w, service, term, place='Place Order'):
    """The Buy More Services / Add New Order wizard from its first step
    to Place Order (Finish for a customer; the provisioning follows in
    the same window). From the plan look-up or the marketplace it opens
    on the term, the service being chosen."""
    wait_step(app, w, 'Step ')
    for _ in range(8):
        title = step_title(app, w) or ''
        r.diag('wizard: ' + title)
        if 'Service' in title:
            choose_service(r, app, w, service)
        elif 'Variant' in title or 'Plan' in title:
            items = app.all('list item', root=w, pred=lambda a: name(a).startswith(service))
            choose_and_go(r, app, w, name(items[0]) if items else service, 'wizard variant')
        elif 'Term' in title and 'Terms' not in title:
            choose_option(app, w, term)
            next_step(r, app, w, 'wizard term')
        elif 'Terms' in title or 'Conditions' in title:
            boxes = app.all('check box', root=w, pred=lambda a: name(a).startswith('I accept'))
            for b in boxes:
                choose_option(app, w, name(b))
            next_step(r, app, w, 'wizard terms accepted')
        elif 'Resource' in title:
            spins = app.all('spin button', root=w)
            if spins:
                v = spins[0].get_value_iface()
                v.set_current_value(max(v.get_minimum_value(), 1) + 2)
            next_step(r, app, w, 'wizard resources')
        elif 'Summary' in title or 'Review' in title or 'Confirm' in title:
            place = button(app, place, w)
            app.wait_until(lambda: sensitive(place), '%s to become sensitive' % name(place))
            r.checked(app, 'wizard summary', w)
            app.click(place)
            return
        else:
            raise E2EFailure('unknown wizard step %r' % title)
    raise E2EFailure('the wizard never reached its summary')


def choose_service(r, app, w, service):
    app.wait_for('list item', service, root=w)
    r.checked(app, 'wizard service', w)
    choose_and_go(r, app, w, service, 'wizard service chosen')


def choose_and_go(r, app, w, label, screen):
    """Enter on a row selects it and may go on (Enter activates the
    default, Next); Next is pressed only if the step did not change."""
    before = step_title(app, w)
    choose_item(app, w, label)
    nxt = button(app, 'Next', w)
    app.wait_until(lambda: step_title(app, w) != before or sensitive(nxt),
                   'Enter on %r to choose it' % label)
    if step_title(app, w) == before:
        next_step(r, app, w, screen)


def focus_search(app, page, label):
    """Ctrl+F, and the focus is in the page's search entry."""
    entry = app.wait_for('entry', label, root=page)
    app.key('ctrl+f')
    app.wait_until(lambda: app.focused() == entry,
                   'Ctrl+F to focus %r (the focus is on %s %r)'
                   % (label, role(app.focused()), name(app.focused())))
    return entry


def new_window(app, known):
    for c in children(app.acc):
        if name(c) not in known:
            return c
    return None


def test_customer_add_new_order(r):
    """Flow 3: Customers > customer > Orders > Add New Order > plan look-up >
    wizard > provisioning completes."""
    with started(r) as app:
        customers = app.show_tab('Customers', 'MpCustomersPage')
        app.wait_until(lambda: find_row(app, customers, 'Acme Corporation'), 'the customers list')
        r.checked(app, 'customers', customers)
        open_row(app, 'Acme Corporation')
        page = opened(app, 'MpCustomerPage')
        app.click(app.wait_for('page tab', 'Orders', root=page))
        r.checked(app, 'customer orders', page)
        app.click(button(app, 'Add New Order', page))
        look = app.wait_until(lambda: app.window('Service Plans'), 'the plan look-up')
        app.wait_for('list item', 'Tailspin Docs Business', root=look)
        r.checked(app, 'plan look-up', look)
        search = app.wait_for('entry', 'Search service plans', root=look)
        app.tab_to(lambda a: a == search, 'the plan search')
        app.type('Tailspin Docs Business')
        app.wait_until(lambda: len(app.all('list item', root=look)) == 1, 'the look-up to narrow')
        choose_item(app, look, 'Tailspin Docs Business')
        w = app.wait_until(lambda: new_window(app, ('Market Panel', 'Service Plans')) or
                           (app.window('Service Plans') if step_title(app, app.window('Service Plans')
                                                                      or app.frame) else None),
                           'the order wizard')
        r.diag('the order wizard: %r' % name(w))
        wizard_walk(r, app, w, 'Tailspin Docs Business', '1 Month')
        app.wait_for('label', 'Order Completed', root=w, what='the order to complete')
        r.checked(app, 'order completed', w)


def test_buy_more_services(r):
    """Flow 2: My Subscriptions > Buy More Services > wizard > Place Order >
    provisioning > the new subscription in the switcher."""
    with started(r) as app:
        subs = app.page('MpSubscriptionsPage')
        app.click(button(app, 'Buy More Services', subs))
        w = app.wait_until(lambda: app.window('Buy More Services'), 'the wizard window')
        wizard_walk(r, app, w, 'Wingtip Team Chat', '1 Month')
        app.wait_for('label', 'Order Completed', root=w, what='the order to complete')
        r.checked(app, 'order completed', w)
        app.click(app.wait_for('push button', 'Close', root=w))
        app.wait_until(lambda: app.window('Buy More Services') is None, 'the wizard to close')
        switcher = app.find('push button', 'Open a Subscription')
        app.click(app.find('push button', None, root=switcher) if False else children_button(switcher))
        app.wait_until(lambda: app.first(lambda a: name(a).startswith('Wingtip Team Chat (#')
                                         and role(a) in ('list item', 'push button', 'label')),
                       'the new subscription in the switcher')
        r.checked(app, 'switcher')
        app.key('Escape')


def test_customer_marketplace(r):
    """Flow 4: signed in as the demo customer, Marketplace > category >
    plan > period > number of users > Finish > provisioning to Completed;
    the new subscription is in the customer's Subscriptions."""
    plan = 'Wingtip Team Chat'
    with started(r, account='customer', row='Woodgrove Endpoint Protection') as app:
        subs = app.page('MpSubscriptionsPage')
        before = len(app.all('table row', root=subs,
                             pred=lambda a: plan in row_labels(app, a)))
        market = app.show_tab('Marketplace', 'MpMarketplacePage')
        app.wait_for('list item', plan, root=market)
        r.checked(app, 'marketplace', market)
        choose_item(app, market, 'Communications', in_list=lambda l: name(l) == 'Categories')
        app.wait_until(lambda: app.find('label', 'Communications', root=market) and
                       not app.find('list item', 'Tailspin Docs Business', root=market),
                       'the services of Communications')
        r.checked(app, 'category', market)
        # Tab out of the category list selects each category it passes
        # (GTK's list box selection follows the focus): Ctrl+F jumps to
        # the search, and Tab from there into the services.
        focus_search(app, market, 'Search the marketplace')
        choose_item(app, market, plan, in_list=lambda l: name(l) == 'Services')
        if not app.find('label', 'Communications', root=market):
            raise E2EFailure('the category changed on the way to the services')
        w = app.wait_until(lambda: new_window(app, ('Market Panel',)), 'the purchase wizard')
        r.diag('the purchase wizard: %r' % name(w))
        wizard_walk(r, app, w, plan, '1 Month', place='Finish')
        app.wait_for('label', 'Order Completed', root=w, what='the order to complete')
        r.checked(app, 'order completed', w)
        app.click(app.wait_for('push button', 'Close', root=w))
        app.wait_until(lambda: new_window(app, ('Market Panel',)) is None, 'the wizard to close')
        subs = app.show_tab('Subscriptions', 'MpSubscriptionsPage')
        app.wait_until(lambda: len(app.all('table row', root=subs,
                                           pred=lambda a: plan in row_labels(app, a))) == before + 1,
                       'a new %s subscription in the list (%d before)' % (plan, before))
        r.checked(app, 'subscriptions', subs)


def test_storefront_cart(r):
    """Flow 1: the reseller's storefront: Marketplace > category > product
    > plan > options > Add to Cart > Check Out > each terms document
    accepted > Place Orders > the lines provisioned to Completed; Open
    Subscription from the cart, and Escape from that page."""
    with started(r) as app:
        store = app.show_tab('Marketplace', 'MpStorefrontPage')
        app.wait_for('combo box', 'Marketplace', root=store)
        app.wait_for('list item', 'Cloud Management Services', root=store)
        r.checked(app, 'storefront', store)
        choose_item(app, store, 'Cloud Management Services',
                    in_list=lambda l: name(l) == 'Categories')

        def product():
            return app.first(lambda a: role(a) == 'list item' and name(a).startswith('IDSync'),
                             root=store)
        app.wait_until(product, 'IDSync among the products of Cloud Management Services')
        r.checked(app, 'category', store)
        # Shift+Tab and Tab leave the category list in one step, the
        # category kept: back to the catalogue's search, again into the
        # list (its selected row), on to the products.
        search = app.wait_for('entry', 'Search the catalogue', root=store)
        app.key('shift+Tab')
        app.wait_until(lambda: app.focused() == search,
                       'Shift+Tab to reach the search (the focus is on %s %r)'
                       % (role(app.focused()), name(app.focused())))
        if not product():
            raise E2EFailure('Shift+Tab changed the category')
        app.key('Tab')
        app.wait_until(lambda: name(app.focused()) == 'Cloud Management Services',
                       'Tab to come back to the chosen category (the focus is on %s %r)'
                       % (role(app.focused()), name(app.focused())))
        app.key('Tab')
        app.tab_to(lambda a: role(a) == 'list item' and name(a).startswith('IDSync'),
                   'the IDSync product')
        if not product():
            raise E2EFailure('the category changed on the way to the products')
        app.key('Return')
        select = app.wait_until(lambda: app.all('push button', root=store,
                                                pred=lambda a: name(a).startswith('Select “')),
                                'the plans of IDSync')
        r.checked(app, 'product', store)
        app.tab_to(lambda a: a in select, 'a Select button')
        app.key('Return')
        add = button(app, 'Add to Cart', store)
        app.wait_until(lambda: sensitive(add), 'Add to Cart to become sensitive')
        spins = app.all('spin button', root=store)
        if spins:
            v = spins[0].get_value_iface()
            v.set_current_value(v.get_current_value() + 1)
        r.checked(app, 'options', store)
        app.click(add)
        cart_button = app.wait_until(
            lambda: app.first(lambda a: role(a) == 'push button' and name(a).startswith('Cart:')
                              and name(a) != 'Cart: empty'), 'the cart button to count the line')
        app.click(children_button(cart_button))
        cart = app.wait_until(lambda: app.window('Cart'), 'the cart window')
        check_out = button(app, 'Check Out', cart)
        app.wait_until(lambda: sensitive(check_out), 'Check Out to become sensitive')
        r.checked(app, 'cart', cart)
        app.click(check_out)
        boxes = app.wait_until(lambda: app.all('check box', root=cart,
                                               pred=lambda a: name(a).startswith('I accept')),
                               'the terms documents')
        for b in boxes:
            choose_option(app, cart, name(b))
        place = button(app, 'Place Orders', cart)
        app.wait_until(lambda: sensitive(place), 'Place Orders to become sensitive')
        r.checked(app, 'check out', cart)
        app.click(place)
        # One order for the one line; its Open Subscription button shows
        # once it is completed.
        opens = app.wait_until(lambda: app.all('push button', root=cart,
                                               pred=lambda a: 'Open Subscription' in name(a)),
                               'the order to complete')
        r.checked(app, 'orders completed', cart)
        app.click(opens[0])
        app.wait_until(lambda: app.window('Cart') is None, 'the cart to close')
        sub = opened(app, 'MpSubscriptionPage')
        app.wait_until(lambda: app.find('label', 'Overview', root=sub), 'the subscription')
        r.checked(app, 'subscription', sub)
        go_back(app, 'Escape')
        r.checked(app, 'after Escape', app.page('MpStorefrontPage'))


def server_pid(app):
    """market-panel-server, the demo marketplace the app started."""
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                fields = f.read().rsplit(')', 1)[1].split()
            with open('/proc/%s/comm' % entry) as f:
                comm = f.read().strip()
        except OSError:
            continue
        if int(fields[1]) == app.proc.pid and comm.startswith('market-panel-se'):
            return int(entry)
    return None


def test_server_killed_mid_provisioning(r):
    """The demo marketplace is killed (SIGKILL) while a change order is
    provisioned: the order reaches Completed without a click, and the
    Orders list agrees with the order page."""
    with started(r) as app:
        sub = open_subscription(r, app)
        page = open_limits(r, app, sub)
        spin = app.all('spin button', root=page)[0]
        value = spin.get_value_iface()
        value.set_current_value(int(value.get_current_value()) + 1)
        ok = button(app, 'OK', page)
        app.wait_until(lambda: sensitive(ok), 'OK to become sensitive')
        app.click(ok)
        prov = opened(app, 'MpProvisioningPage')
        title = app.wait_until(lambda: app.first(lambda a: role(a) == 'label'
                                                 and name(a).startswith('Order '), root=prov),
                               'the order number')
        number = name(title).split()[-1]
        pid = app.wait_until(lambda: server_pid(app), 'the demo server process')
        if app.find('label', 'Order Completed', root=prov):
            raise E2EFailure('the order completed before the server could be killed')
        os.kill(pid, signal.SIGKILL)
        r.diag('killed market-panel-server (pid %d) while %s was provisioned' % (pid, number))
        r.checked(app, 'server killed', prov)
        app.wait_until(lambda: server_pid(app) not in (None, pid), 'a new demo server', timeout=60)
        app.wait_for('label', 'Order Completed', root=prov, what='%s to complete by itself' % number)
        r.checked(app, 'order completed after the restart', prov)
        app.key('alt+3')
        app.wait_until(lambda: not app.drilldown(), 'Alt+3 to show the Orders section')
        orders = app.wait_page('MpOrdersPage')
        row = app.wait_until(lambda: find_row(app, orders, number), 'the order in the Orders list')
        app.wait_until(lambda: 'Completed' in row_labels(app, row),
                       'the Orders list to say Completed for %s (it says %s)'
                       % (number, ' | '.join(row_labels(app, row))))
        r.checked(app, 'orders list', orders)


def test_ctrl_f_in_every_list(r):
    """Ctrl+F puts the focus in the search of each list."""
    with started(r) as app:
        for tab, cls, search in (('Customers', 'MpCustomersPage', 'Search customers'),
                                 ('Orders', 'MpOrdersPage', 'Search orders'),
                                 ('My Subscriptions', 'MpSubscriptionsPage',
                                  'Search subscriptions')):
            page = app.show_tab(tab, cls)
            app.wait_until(lambda: app.first(lambda a: role(a) == 'table row', root=page),
                           'the %s list' % tab)
            focus_search(app, page, search)
            r.checked(app, 'ctrl+f in ' + tab, page)


def leave_three_ways(r, app, list_page, row, cls, loaded):
    """Opens row of list_page and leaves its cls page by Back, Escape and
    Alt+Left in turn."""
    for how in ('button', 'Escape', 'alt+Left'):
        open_row(app, row)
        page = opened(app, cls)
        loaded(page)
        r.checked(app, cls, page)
        go_back(app, how)
        r.checked(app, 'list after ' + how, list_page)


def test_back_from_customer(r):
    """Back, Escape and Alt+Left from the customer page and from an order
    opened from it."""
    with started(r) as app:
        customers = app.show_tab('Customers', 'MpCustomersPage')
        app.wait_until(lambda: find_row(app, customers, 'Acme Corporation'), 'the customers list')
        leave_three_ways(r, app, customers, 'Acme Corporation', 'MpCustomerPage',
                         lambda page: app.wait_for('page tab', 'Orders', root=page))
        orders = app.show_tab('Orders', 'MpOrdersPage')
        app.wait_until(lambda: find_row(app, orders, 'SO000004'), 'the orders list')
        leave_three_ways(r, app, orders, 'SO000004', 'MpOrderPage', lambda page: True)


def test_back_from_subscription(r):
    """Back, Escape and Alt+Left from the subscription and limits pages."""
    with started(r) as app:
        for how in ('button', 'Escape', 'alt+Left'):
            open_subscription(r, app)
            go_back(app, how)
            app.wait_until(lambda: role(app.focused() or app.frame) == 'table row',
                           'the focus back on the list after %s' % how)
            r.checked(app, 'list after ' + how, app.page('MpSubscriptionsPage'))
        sub = open_subscription(r, app)
        for how in ('button', 'Escape', 'alt+Left'):
            open_limits(r, app, sub)
            go_back(app, how)
            r.checked(app, 'subscription after ' + how, sub)
        go_back(app, 'Escape')


if __name__ == '__main__':
    sys.exit(Runner().run([
        test_change_resource_limits,
        test_buy_more_services,
        test_customer_add_new_order,
        test_customer_marketplace,
        test_storefront_cart,
        test_back_from_subscription,
        test_back_from_customer,
        test_ctrl_f_in_every_list,
        test_server_killed_mid_provisioning,
    ]))
