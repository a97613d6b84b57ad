"""Customer messages per intent for the synthetic examples ({order} and {product} are filled in)."""

from __future__ import annotations

TICKETS: dict[str, tuple[str, ...]] = {
    "track_order": (
        "Where is my order {order}?",
        "Can you tell me the status of order {order}?",
        "hi, has {order} shipped yet",
    ),
    "cancel_order": (
        "Please cancel my order {order}.",
        "I want to cancel {order}, I ordered by mistake.",
        "cancel order {order} pls",
    ),
    "change_order": (
        "I need to change the size on order {order}.",
        "Can I swap an item in {order} for a different colour?",
    ),
    "change_shipping_address": (
        "I moved, please change the delivery address for {order}.",
        "Wrong address on order {order}, can you update it?",
    ),
    "place_order": ("How do I place an order?", "I'd like to buy something, how does ordering work?"),
    "check_cancellation_fee": (
        "Is there a fee if I cancel my order?",
        "Do you charge anything for cancellations?",
    ),
    "delivery_delay": (
        "My order {order} is late, it should have arrived days ago!",
        "{order} still hasn't arrived. What is going on?",
    ),
    "missing_item": (
        "My package for {order} arrived but one item is missing.",
        "Order {order} came without the {product}.",
    ),
    "delivery_options": ("What shipping options do you have?", "Do you offer express delivery?"),
    "delivery_period": ("How long does shipping usually take?", "How many days until an order arrives?"),
    "set_up_shipping_address": (
        "I want to add a new default shipping address.",
        "How can I save a new address to my account?",
    ),
    "return_item": (
        "I want to return the {product} from order {order}.",
        "Please return my order {order}, I don't need it anymore.",
    ),
    "exchange_item": (
        "Can I exchange the {product} in {order} for another size?",
        "I'd like to exchange an item from order {order}.",
    ),
    "get_refund": ("I want my money back for order {order}.", "Where is the refund for {order}?"),
    "track_refund": (
        "Has the refund for {order} been processed?",
        "When will I get my refund for order {order}?",
    ),
    "check_refund_policy": ("What is your refund policy?", "Can I get a refund if I don't like the item?"),
    "damaged_item": (
        "The {product} from order {order} arrived broken.",
        "My order {order} arrived damaged, the box was crushed.",
    ),
    "wrong_item": (
        "I received the wrong item in order {order}.",
        "Order {order}: you sent me a different {product} than I ordered.",
    ),
    "check_payment_methods": ("Which payment methods do you accept?", "Can I pay with PayPal?"),
    "payment_issue": (
        "My card keeps getting declined at checkout.",
        "Payment failed when I tried to order, why?",
    ),
    "double_charge": (
        "I was charged twice for order {order}!",
        "There are two charges on my card for {order}.",
    ),
    "change_payment_method": (
        "Can I pay order {order} with a different card?",
        "I want to change the payment method of {order}.",
    ),
    "check_invoice": ("What does my invoice show?", "I have a question about an invoice."),
    "get_invoice": ("Can you send me the invoice for {order}?", "I need a receipt for order {order}."),
    "apply_coupon": ("How do I use a discount code?", "My promo code isn't working, how do I apply it?"),
    "product_info": ("Tell me more about the {product}.", "What options does the {product} come in?"),
    "check_stock": ("Is the {product} in stock?", "Do you have the {product} available right now?"),
    "price_inquiry": ("How much is the {product}?", "What does the {product} cost?"),
    "warranty_claim": (
        "My {product} stopped working after two months, is it under warranty?",
        "I want to make a warranty claim for my {product}.",
    ),
    "create_account": ("How do I create an account?", "I want to sign up."),
    "delete_account": ("Please delete my account.", "How can I close my account?"),
    "edit_account": ("How do I change the email on my account?", "I want to update my profile details."),
    "switch_account": ("How do I switch to my other account?", "I'm logged into the wrong account."),
    "recover_password": ("I forgot my password.", "Can you help me reset my password?"),
    "registration_problems": (
        "I can't sign up, the form gives an error.",
        "Registration isn't working for me.",
    ),
    "login_issue": ("I can't log in even with the right password.", "My login keeps failing."),
    "newsletter_subscription": (
        "How do I unsubscribe from your newsletter?",
        "I want to sign up for your newsletter.",
    ),
    "cancel_subscription": ("Cancel my membership subscription please.", "Stop my monthly subscription."),
    "app_crash": ("Your app crashes every time I open it.", "The app keeps closing on my phone."),
    "connectivity_issue": ("Your website won't load.", "The site is down for me."),
    "complaint": (
        "This is the worst service I've ever had.",
        "I'm very unhappy with how my last order was handled.",
    ),
    "review": ("I want to leave a review for my purchase.", "Where can I write a product review?"),
    "contact_customer_service": ("How can I contact customer service?", "What's your support phone number?"),
    "contact_human_agent": ("I want to talk to a real person.", "Please connect me to a human agent."),
}
