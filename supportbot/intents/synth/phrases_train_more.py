"""A third training-pool batch: everyday wording, questions phrased as statements, short notes.

Training pool only; ``[a|b]`` alternations as in :mod:`phrases_train_extra`.
"""

from __future__ import annotations

MORE_TRAIN_PHRASES: dict[str, list[str]] = {
    "track_order": [
        "[Hey|Hi], [just checking|quick check] on [my order|{order}|my package], [has it shipped|is it on the way|where is it]?",
        "[I'd like|I want|I need] [an update|a status update|news] on [my order|{order}|my shipment]",
        "[Is|Has] [my order|{order}|my parcel] [on its way|in transit|been dispatched|been handed to the courier]?",
        "order status {order}",
    ],
    "cancel_order": [
        "[Please don't|Don't] [ship|send|process] {order}, I [want to cancel|need to cancel] it",
        "[I need|I want] to [cancel|undo] [a purchase|an order|my last order] [I just made|from today|from yesterday]",
        "[Can you|Could you] [cancel|scrap|kill] [that order|my order|the order I placed]?",
    ],
    "change_order": [
        "[Can|Could] [I|you] [make a change|make changes|do a change] to [my order|{order}|the order I placed]?",
        "[I want|I'd like] [a different size|another colour|a different quantity] [in|for] [my order|{order}] [before it ships|that hasn't shipped]",
        "[Modify|Change|Update] [quantity|size|colour|items] [on|in] [{order}|my pending order]",
    ],
    "change_shipping_address": [
        "[Deliver|Send|Ship] [my order|{order}|my parcel] to [45 Park Lane|my work address|a new address] [instead|please]",
        "[New|Different|Updated] [delivery|shipping] address for [{order}|my order|my pending order]",
    ],
    "place_order": [
        "[I want|I'd like|Looking] to [buy|get|order|purchase] [a|the|two] {product}[s|] [please|today|]",
        "[Can I|How can I|Is it possible to] [get|buy|order] [something|a {product}|a gift] [from your shop|online|here]?",
        "[Need help|I need help|Help] [with|placing|making] [an order|my first order|a purchase]",
        "[How do I|How to] [check out|complete my purchase|add to cart and pay]",
    ],
    "check_cancellation_fee": [
        "[Cancellation|Cancel] [fee|charge|penalty] [?|amount|for orders]",
        "[Is it|Would it be] free to cancel [an order|my order|a purchase]?",
    ],
    "delivery_delay": [
        "[Still|Still no|No sign of] [my order|{order}|my package|the parcel] [after|and it's been] [two weeks|{days} days|ages]",
        "[My order|{order}|My parcel] [is taking forever|has been stuck for days|is nowhere to be seen] [and it was due on {date}|past the delivery date|]",
        "[It should have|It was supposed to] [been here|arrived|come] [by now|{date}|days ago]",
    ],
    "missing_item": [
        "[Something|An item|One product] [is missing|was missing|wasn't included] [from|in] [my order|the parcel|{order}]",
        "[The {product}|One of the items] [wasn't|was not] in the [box|package|parcel] [when it arrived|]",
    ],
    "delivery_options": [
        "[Shipping|Delivery] [options|methods|choices] [?|please|available]",
        "[Do you have|Can I pick|Is there] [faster|express|priority|cheaper] [shipping|delivery]?",
    ],
    "delivery_period": [
        "[Delivery|Shipping] time [to|for] [Canada|the US|Europe|my area]?",
        "[How many|How long in] [days|business days] [until|for] [delivery|shipping|an order to arrive]?",
    ],
    "set_up_shipping_address": [
        "[Save|Add|Set] [a shipping address|my address|a delivery address] [in|to] my [account|account settings|profile]",
        "[Account|Profile] [shipping|delivery] address [setup|setting|change]",
    ],
    "return_item": [
        "[Return|Returning|Send back] [an item|a product|the {product}|my order] [please|for a refund|]",
        "[I'd like|I want] to [return|send back] [something|an item] [I bought|from {order}|I received]",
        "[Can I|Could I|How can I] [get a return label|send this back|arrange a return]?",
    ],
    "exchange_item": [
        "[Exchange|Swap] [for|to] [a larger|a smaller|a different] [size|colour|model] [please|]",
        "[Can I|Could I] [get|have] [the {product}|it|my item] in [another size|a different colour|size L|black] [instead|as an exchange]?",
    ],
    "get_refund": [
        "[Refund|Money back|Reimbursement] [please|for {order}|now]",
        "[I'd like|I want|I need] [to get|] [my money|a refund|reimbursement] [back|] [for|on] [this|my order|{order}|the {product}]",
    ],
    "track_refund": [
        "[Refund|Reimbursement] [status|update] [for {order}|please|?]",
        "[Did|Has] [my refund|the refund|the money] [go through|been sent|been processed] [yet|already]?",
    ],
    "check_refund_policy": [
        "[Returns|Refund|Return] [policy|rules|window|conditions] [?|please|for sale items]",
        "[Can I|Am I able to] [return|get a refund for] [something|an item] [after 30 days|if I opened it|if I used it|on sale]?",
    ],
    "damaged_item": [
        "[Broken|Damaged|Cracked|Defective] [item|product|{product}] [received|arrived|delivered] [in {order}|today|]",
        "[The {product}|My {product}|It] [has a crack|is scratched|is dented|is leaking|is torn] [right out of the box|on arrival|when I opened it]",
        "[It|The item] [came|arrived] [in pieces|shattered|with a broken part]",
    ],
    "wrong_item": [
        "[Wrong|Incorrect] [item|product|size|colour] [received|sent|delivered] [for {order}|in my package|]",
        "[You sent|I got|I received] [a|the] [red|small|different|wrong] [{product}|one|version] [instead of|but I ordered] [the blue one|large|what I ordered]",
    ],
    "check_payment_methods": [
        "[Payment|Pay] [options|methods] [?|available|you accept]",
        "[Can I|Do you let me] [pay|buy] [with|using] [a credit card|Amex|bank transfer|installments|PayPal] [?|here|]",
    ],
    "payment_issue": [
        "[Card|Payment] [declined|rejected|failed|not accepted] [at checkout|when paying|again]",
        "[Why|How come] [can't I pay|won't my card work|does my payment fail] [on your site|at checkout]?",
        "[Problem|Issue|Trouble] [paying|with my payment|with checkout payment] [for my order|today|]",
    ],
    "double_charge": [
        "[Charged|Billed|Debited] [twice|two times|double] [for|on] [{order}|my order|one purchase]",
        "[Two|2|Duplicate|Double] [charges|payments|transactions] [for|on] [the same order|{order}|one order]",
    ],
    "change_payment_method": [
        "[New|Different|Another] [card|payment method] [for|on] [my pending order|{order}|the order]",
        "[Can I|I'd like to] [pay|be charged] [differently|with a different card|via PayPal] for [{order}|my open order]",
    ],
    "check_invoice": [
        "[Invoice|Bill] [question|problem|error|discrepancy] [for {order}|on my account|]",
        "[The amount|The total|The tax] [on|in] [my invoice|the bill] [is wrong|looks off|seems too high]",
    ],
    "get_invoice": [
        "[Invoice|Receipt|Bill] [for|of] [{order}|my order|my purchase] [please|needed|]",
        "[Can you|Could you|Please] [send|mail|provide] [a receipt|an invoice|a copy of the invoice]",
    ],
    "apply_coupon": [
        "[Coupon|Promo code|Discount code|Voucher] [not working|invalid|rejected|doesn't apply|error]",
        "[I have|I got] a [coupon|discount code|promo code|voucher], [how do I use it|where do I put it|it won't work]",
        "[The|My] [discount|promo|sale code] [wasn't applied|didn't apply|didn't reduce the price] [to|on] [my order|{order}|the {product}]",
    ],
    "product_info": [
        "[Question|Info|Details] about the {product} [please|?|]",
        "[What|Which] [colours|sizes|models|versions|materials] [does|is] the {product} [have|available in|come in]?",
        "[Does|Can] the {product} [fit|support|include|work with] [a laptop|wireless charging|a warranty card|kids|outdoor use]?",
        "[Is|Are] the {product} [good for|suitable for|made for] [running|travel|beginners|daily use]?",
    ],
    "check_stock": [
        "[Stock|Availability] [of|for] the {product} [?|please|in size M]",
        "[Any|Do you have] {product}[s|] [left|in stock|available] [in size S|in black|]?",
        "[Out of stock|Sold out|Unavailable] {product}: [restock date|when is it back|will you get more]?",
    ],
    "price_inquiry": [
        "[Price|Cost] [of|for] [the|a] {product} [?|please|in red|]",
        "[How much|What do you charge] [for|is] [the|a|one] {product}[?| right now?| with delivery?]",
        "[What does|How much does] [a|the] {product} [cost|sell for|go for at the moment]?",
        "[Is there|Any] [a discount|a deal|a sale|a lower price] [on|for] the {product}?",
    ],
    "warranty_claim": [
        "[Warranty|Guarantee] [claim|repair|replacement|question] [for|on] [my|the] {product}",
        "[My|The] {product} [broke|stopped working|is faulty] [after|within] [a few months|a year|some weeks] [of use|], [warranty|repair]?",
    ],
    "create_account": [
        "[New|Open a|Create an] account [please|for me|?]",
        "[How do I|Can I] [become a member|join|get an account] [on your site|with you]?",
    ],
    "delete_account": [
        "[Close|Delete|Remove] [account|my user account|my profile] [please|now|]",
        "[I'm done with|I'm leaving] your shop, [delete|close] my account",
    ],
    "edit_account": [
        "[Change|Update|Edit] [my|account] [email|phone|name|details|profile info] [please|]",
        "[I need|I want] to [fix|correct] [a typo|the spelling] in [my name|my email] [on my account|in my profile]",
    ],
    "switch_account": [
        "[Switch|Change|Move] [account|accounts|to another account|my plan type]",
        "[Upgrade|Downgrade] [my account|to Pro|to premium|to the free tier] [please|]",
    ],
    "recover_password": [
        "[Password|Pw|Pass] [reset|forgotten|lost|recovery] [please|help|]",
        "[Can't|Cannot] remember [my password|the password for my account], [reset it|help me reset it]",
    ],
    "registration_problems": [
        "[Sign up|Signup|Registration] [error|problem|issue|not working|fails]",
        "[The|Your] [registration|sign-up] [page|form] [says|shows] [an error|something went wrong|email already in use]",
    ],
    "login_issue": [
        "[Login|Log in|Sign in] [problem|issue|error|not working] [although my password is right|with correct password|]",
        "[Locked out|Blocked|Can't get in] [of|to] my account [even with the right password|after a password change|]",
    ],
    "newsletter_subscription": [
        "[Newsletter|Mailing list|Marketing emails] [unsubscribe|sign up|opt out|subscribe] [please|]",
        "[Too many|Stop the|No more] [emails|newsletters|promo mails] [please|from you|]",
    ],
    "cancel_subscription": [
        "[Cancel|Stop|End] [the|my] [subscription|membership|monthly plan] [please|now|]",
        "[I don't want|No longer want] [my membership|the subscription|the monthly box] [anymore|to renew]",
    ],
    "app_crash": [
        "[App|Website|Site] [crash|crashes|crashing|freezing|error] [on checkout|when opening|on my phone|]",
        "[The app|Your site|The page] [keeps|just] [crashing|freezing|throwing errors] [when I try to|as I] [pay|log in|open my orders]",
        "[Bug|Glitch|Error 500] [in the app|on the website|at checkout]",
    ],
    "connectivity_issue": [
        "[Site|Website|App] [not loading|down|unreachable|offline] [?|for me|today|]",
        "[Connection|Network] [error|problem|timeout] [with|on] [your app|your website|the site]",
        "[I keep getting|It says] [no internet connection|connection lost|server not responding] [in your app|on your site]",
    ],
    "complaint": [
        "[Complaint|Formal complaint] [about|regarding] [your service|an employee|my experience|delivery staff]",
        "[I'm|I am] [not happy|unhappy|disappointed|upset] [at all|with you|with the service]",
        "[Very|Really|Extremely] [bad|poor|terrible] [service|experience|customer care] [from your company|]",
    ],
    "review": [
        "[Leave|Write|Post] [a review|feedback|a rating] [for|on|about] [the {product}|my order|your shop]",
        "[I'd like to|I want to] [rate|review|share feedback on] [my purchase|the product|your service]",
    ],
    "contact_customer_service": [
        "[Customer service|Support|Help desk] [phone number|email|hours|contact]",
        "[How|Where] [can I|do I] [reach|contact|email|call] [support|your team|customer care]?",
    ],
    "contact_human_agent": [
        "[Real person|Human|Live agent|Operator] [please|now|needed]",
        "[Can|Could] [I|you] [get|connect me to|transfer me to] [a real person|a human|an operator|an agent]?",
    ],
}

MORE_TRAIN_OUT_OF_SCOPE: list[str] = [
    "[What|Which] [movie|book|restaurant|song] [should I|do you] [watch|read|recommend|listen to] [tonight|this weekend|]?",
    "[How old|How tall|Where] [is|was] [the Queen|Mount Fuji|Shakespeare|the Great Wall]?",
    "[Set|Create|Schedule] [a reminder|an alarm|a meeting|a timer] [for 6pm|for tomorrow|in ten minutes]",
    "[What's|What is] [2 plus 2|the square root of 81|15% of 200|the date today]?",
    "[Write|Compose] [a poem|a song|a story|an essay] about [love|the ocean|my dog]",
    "[How do I|Can you teach me to] [learn Spanish|play guitar|lose weight|meditate]?",
    "[I need|Looking for] [a plumber|a lawyer|a doctor|a babysitter] [near me|tomorrow|]",
    "[Are you|Is this] [a robot|sentient|single|happy] [?|today]",
]
