"""Store-policy answers for informational intents; each example draws one, shown as a fact."""

from __future__ import annotations

ANSWERS: dict[str, tuple[str, ...]] = {
    "place_order": (
        "Add the items to your cart, open the cart and choose Checkout. You can check out as a guest or with your account.",
        "Pick the product and options you want, select 'Add to cart', then go to Checkout and enter your shipping and payment details.",
    ),
    "check_cancellation_fee": (
        "There is no cancellation fee. Pending orders can be cancelled free of charge; once an order has been processed it can no longer be cancelled.",
        "Cancelling is free while the order is still pending. Processed orders cannot be cancelled, but they can be returned after delivery.",
    ),
    "delivery_options": (
        "We offer standard shipping (3-7 business days) and express shipping (1-3 business days).",
        "You can choose standard delivery, express delivery or next-day delivery in most areas at checkout.",
    ),
    "delivery_period": (
        "Standard shipping takes 3-7 business days after your order is processed; express shipping takes 1-3 business days.",
        "Most orders arrive within 5 business days; express orders within 2 business days.",
    ),
    "check_refund_policy": (
        "Delivered items can be returned for a refund to the original payment method or to a gift card. Refunds to a gift card are immediate; refunds to a card or PayPal take 5-7 business days.",
        "You can return delivered items within 30 days for a full refund to the original payment method.",
    ),
    "check_payment_methods": (
        "We accept credit cards, PayPal and gift cards.",
        "You can pay by Visa, Mastercard, American Express, PayPal or with a store gift card.",
    ),
    "payment_issue": (
        "If a payment is declined, please check the card details and billing address, make sure the card is enabled for online payments, or try PayPal or a gift card.",
        "Declined payments are usually caused by a billing address that does not match the card. Your bank can tell you the exact reason.",
    ),
    "check_invoice": (
        "Your invoice lists every item with its price, the total and the payment method used. Tell us the order number and we can send the invoice for it.",
        "Invoices are available under Account > Orders; each one shows the items, prices, total and payment method.",
    ),
    "apply_coupon": (
        "Enter the promo code in the 'Discount code' field at checkout before paying. A code applies only to eligible items and cannot be added to an order that is already placed.",
        "Promo codes go into the 'Discount code' box on the checkout page; only one code can be used per order.",
    ),
    "create_account": (
        "Choose 'Sign up' on our website and enter your name, email address and a password. You will receive an email to confirm the address.",
        "Select 'Create account' at the top of the page, fill in your details and confirm your email address with the link we send you.",
    ),
    "delete_account": (
        "Go to Account settings and choose 'Delete account'. Open orders must be completed or cancelled first.",
        "You can close your account under Account settings > Privacy > Delete account once all orders are completed.",
    ),
    "edit_account": (
        "You can change your name, email address and phone number under Account settings > Profile.",
        "Profile details can be edited under My Account > Personal details; changes to the email address need a confirmation.",
    ),
    "switch_account": (
        "Sign out from the menu at the top right and sign in with the other account's email address.",
        "Open the account menu, choose 'Sign out', then sign in again with the account you want to use.",
    ),
    "recover_password": (
        "Choose 'Forgot password' on the sign-in page and enter your email address; we will send you a reset link that is valid for 24 hours.",
        "Use the 'Forgot password' link on the login page. The reset email can take a few minutes; check your spam folder too.",
    ),
    "registration_problems": (
        "Check that the email address is not already registered, that the password has at least 8 characters, and try another browser.",
        "Sign-up fails when the email is already in use or the password is too short (minimum 8 characters). Clearing cookies often helps.",
    ),
    "login_issue": (
        "Wait 15 minutes (the account locks after 5 failed attempts), check that your two-factor code is current, and clear your browser's cookies.",
        "After several failed attempts the account is locked for 15 minutes. After that, try resetting your password.",
    ),
    "newsletter_subscription": (
        "You can subscribe or unsubscribe under Account settings > Notifications, or with the 'unsubscribe' link at the bottom of any newsletter.",
        "Newsletter preferences are under My Account > Email preferences; every newsletter also has an unsubscribe link.",
    ),
    "app_crash": (
        "Please update the app to the latest version and restart your phone. If it still crashes, reinstalling the app usually helps; your account and orders are kept.",
        "Updating to the newest app version fixes most crashes. If not, clear the app's cache or reinstall it.",
    ),
    "connectivity_issue": (
        "Please check your internet connection, then reload the page or restart the app. If the site still will not load, our status page shows any ongoing outage.",
        "Try reloading the page, another browser or another network. Any outage is shown on our status page.",
    ),
    "review": (
        "You can leave a review on the product's page under 'Reviews' once your order has been delivered.",
        "After delivery we email you a link to review your purchase; you can also review it from the product page.",
    ),
    "contact_customer_service": (
        "You can reach our support team by email or phone during support hours, or use live chat.",
        "Our support team answers by email, phone and live chat during support hours.",
    ),
}
