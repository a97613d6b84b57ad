"""More training-pool requests, written with alternations: ``[a|b|c]`` picks one option.

They widen vocabulary and sentence structure for every intent. Training pool only.
"""

from __future__ import annotations

_ORD = "[my order|my package|my parcel|my shipment|my purchase|{order}|the order {order}|my delivery]"
_ITEM = "[the {product}|my {product}|the item|this product|the thing I bought|my purchase]"

EXTRA_TRAIN_PHRASES: dict[str, list[str]] = {
    "track_order": [
        f"[Where|Where exactly] is {_ORD} [right now|at the moment|currently]?",
        f"[Any news|Any information|Can I get an update] [on|about] {_ORD}?",
        f"[Has|Did] {_ORD} [left the warehouse|shipped|been sent out] yet?",
        f"[I want to|Can you help me|Please help me] [locate|find|trace|follow] {_ORD}.",
        f"[What is the|Whats the|Tell me the] [status|progress|whereabouts] of {_ORD}",
        f"[Could you|Can you|Please] [check|look up|see] [where|how far along] {_ORD} is",
        "[When|What day] [will|is] [my package|my order|the parcel] [arrive|arriving|going to be delivered]?",
        "[Is there a|Send me the|I need the] [tracking link|tracking number|tracking code] for [my order|{order}|my package]",
    ],
    "cancel_order": [
        f"[Please|Kindly|I'd like you to] [cancel|stop|void|annul] {_ORD}.",
        f"I [no longer need|don't want|don't need] {_ORD}, [cancel it|please cancel it|call it off].",
        f"[Can|Could] [you|I] [still] cancel {_ORD} [before it ships|before it goes out|please]?",
        "[I ordered|I bought|I purchased] [the wrong thing|by accident|twice by mistake], [please cancel|cancel] [the order|it].",
        f"[Cancellation request|Cancel request] for {_ORD}",
        "[How do I|How can I|Where can I] cancel [an order|my order|a purchase|what I ordered]?",
    ],
    "change_order": [
        f"[I want to|Can I|I need to] [change|modify|amend|update|edit] {_ORD} [before it ships|before shipping|please]",
        f"[Change|Switch|Update] the [size|colour|color|quantity|option|model] of {_ITEM} in {_ORD}",
        f"[Add|Include] [one more|another|a second] {{product}} [to|in] {_ORD}",
        f"[Remove|Take out|Delete] [an item|the {{product}}|one thing] from {_ORD}",
        "[I picked|I chose|I selected] the wrong [size|colour|option|variant] [when ordering|in my order], can you [fix|change] it before it [ships|is sent]?",
    ],
    "change_shipping_address": [
        f"[Change|Update|Correct|Fix] the [delivery|shipping] address [of|on|for] {_ORD}",
        f"[Please|Can you] [send|deliver|ship] {_ORD} to [a different|another|my new] address",
        f"I [moved|relocated|changed flats], [can|could] {_ORD} go to my new address?",
        f"[The|My] address on {_ORD} is [wrong|incorrect|old|misspelled]",
        "[I gave|I typed|I put] the wrong [address|postcode|zip code|street] [for my order|on my order|when ordering]",
    ],
    "place_order": [
        "[How do I|How can I|Where can I] [buy|purchase|order|get] [a|the] {product}?",
        "[I'd like|I want|I wish] to [place an order|make an order|buy something|purchase an item] [for a {product}|on your site|from you]",
        "[Help me|Can you help me|Please help me] [order|buy|purchase] [a {product}|some items|a gift]",
        "[What is the|How does the|Explain the] [ordering|buying|checkout|purchase] process[?|.| please]",
        "[Can I|Is it possible to] [order|buy] [by phone|by email|in this chat|as a guest]?",
    ],
    "check_cancellation_fee": [
        "[Is there|Will there be|Do you have] a [cancellation|cancelling] [fee|charge|penalty|cost]?",
        "[How much|What] [does it cost|do you charge|will I pay] [to cancel|for cancelling|for a cancellation]?",
        "[Am I charged|Do I have to pay|Is there a penalty] if I [cancel|call off|withdraw] [an order|my order|my purchase]?",
        "[Are|Is] [cancellations|cancelling] [free|free of charge|without cost]?",
        "[Where can I see|Tell me|I'd like to know] the [cancellation fees|cancellation charges|early termination fees]",
    ],
    "delivery_delay": [
        f"{_ORD} [is late|is overdue|is delayed|hasn't arrived on time|is running late]",
        f"[It's been|It has been|Already] {{days}} days [and|but] {_ORD} [still hasn't arrived|is still not here|never came]",
        f"{_ORD} [was supposed to|should have|was meant to] [arrive|come|be delivered] [on|by] {{date}} [and it didn't|but nothing|, still waiting]",
        f"[Tracking|The tracking page|The status] [hasn't changed|is stuck|has not updated] for [days|a week|{{days}} days] [for|on] {_ORD}",
        "[Why is|What's taking so long with|Why the delay on] [my order|my package|my delivery|{order}]?",
        "[The expected|The estimated|The promised] delivery date [passed|has passed|was {date}] and [I got nothing|nothing came|it's not here]",
    ],
    "missing_item": [
        "[The|My] [package|parcel|box|delivery] [arrived|came|was delivered] [but|without] [the {product}|one item|an item|part of my order] [was missing|is missing|]",
        f"[I only got|I received only|Only] [part|half|some] of {_ORD}",
        f"{_ORD} [is incomplete|arrived incomplete|was short an item|is missing something]",
        "[One|An|A] [item|product|piece] [is|was] missing from [my order|the box|my parcel|{order}]",
        "[I ordered|I paid for] [two|three|four] [things|items|products] [but|and] [only one|only two|not all] [arrived|came|were in the box]",
    ],
    "delivery_options": [
        "[What|Which] [shipping|delivery] [options|methods|services|carriers] [do you have|do you offer|are available]?",
        "[Do you|Can you] [offer|do|provide] [express|next-day|same-day|overnight|international] [shipping|delivery]?",
        "[Can I|Is it possible to] [pick up|collect] [my order|my parcel] [in store|at a pickup point|from a locker]?",
        "[Do you|Can you] [ship|deliver] to [Canada|the UK|Europe|Australia|my country|a PO box]?",
        "[Which|What] [couriers|carriers|delivery companies] [do you use|do you work with|ship your orders]?",
    ],
    "delivery_period": [
        "[How long|How many days|How much time] [does|will] [shipping|delivery|standard delivery|it] [take|usually take|normally take]?",
        "[If I order|Ordering] [today|now], [when|how soon] [would|will] [it|the {product}|my order] [arrive|get here|be delivered]?",
        "[What is|What's] the [usual|average|normal|estimated] [delivery|shipping|transit] time [to the UK|for international orders|in the US|]?",
        "[How fast|How quickly] [do you deliver|do orders arrive|is delivery]?",
    ],
    "set_up_shipping_address": [
        "[How do I|Where can I|Help me] [add|save|set up|store] [a|another|a new|my] [shipping|delivery] address [in|on|to] my [account|profile]?",
        "[I want to|I'd like to|Let me] [set|change|make] [a|my] default [shipping|delivery] address [on my account|in my profile|for future orders]",
        "[I can't|Unable to|I'm not able to] [save|add|enter] a [new|second] address [in|on] my [account|profile]",
        "[Add|Register|Save] [my work address|my new home address|another address] [to|in] my account [for deliveries|please|]",
    ],
    "return_item": [
        f"[I want to|I'd like to|How do I|Can I] [return|send back|ship back] {_ITEM}",
        f"[Please|Can you] [send|email|give] me a [return label|returns label|return authorisation] for {_ORD}",
        f"{_ITEM} [doesn't fit|isn't what I expected|is not for me|doesn't suit me], [I'd like to|I want to|can I] [return it|send it back]",
        "[How do|How can I start|What's the process for] [returns|a return|returning an item]?",
        "[Start|Open|Create] a return for [my order|{order}|the {product}]",
    ],
    "exchange_item": [
        f"[Can I|I want to|I'd like to|How do I] [exchange|swap|trade] {_ITEM} [for|into] [a different size|another colour|a bigger one|a smaller size|the blue version]",
        f"{_ITEM} is [too small|too big|the wrong size|the wrong colour], [can I get|please send] [a different size|another one in medium|the right size] [instead|in exchange]",
        "[Exchange|Swap|Replace] [my item|the {product}|what I got] [for|with] [a different variant|another colour|the same item in large]",
        "[I'd prefer|I want] [an exchange|a swap|a different size] [instead of|rather than] a refund",
    ],
    "get_refund": [
        f"[I want|I'd like|Please give me|I demand] a refund for {_ORD}",
        f"[Refund|Reimburse|Pay back] [me|my money] for {_ITEM}",
        "[Can I|How do I|Where do I] [get|request|claim|ask for] [a refund|my money back|reimbursement]?",
        "[Please|Kindly] [refund|return] [{amount}|the money|my payment] [to my card|to my account|to my PayPal]",
        "[I was promised|I'm owed|I should get] [a refund|my money back|{amount}] for [this order|{order}|the {product}]",
    ],
    "track_refund": [
        "[Where is|What happened to|Any update on] [my refund|the refund|my reimbursement|the {amount} refund]?",
        "[I still haven't|I have not|I never] [received|got|seen] [my refund|the refund|the money back] [for {order}|yet|on my card]",
        "[When will|How long until] [the refund|my refund|my money] [arrive|show up|be credited|hit my account]?",
        "[Check|What is] the [status|progress] of my refund [for {order}|please|]",
        "[You approved|You confirmed|You issued] [my refund|a refund] {days} days ago [but|and] [nothing arrived|I don't see it|it's not in my account]",
    ],
    "check_refund_policy": [
        "[What is|What's|Tell me] your [refund|return|returns] policy?",
        "[How many days|How long] do I have to [return|send back|get a refund for] [an item|a product|my purchase]?",
        "[Can I|Is it possible to] [return|get a refund for] [sale items|opened items|used items|items without a receipt]?",
        "[What are|Explain] the [conditions|rules|terms] for [refunds|returns|getting money back]",
        "[Do you have|Is there] a [money-back guarantee|return window|refund policy]?",
    ],
    "damaged_item": [
        f"{_ITEM} [arrived|came|was delivered] [broken|damaged|cracked|smashed|dented|scratched]",
        f"[I received|I got] [a damaged|a broken|a defective|a faulty] {{product}} [in|from] {_ORD}",
        "[The box|The package|The parcel] was [crushed|torn|wet|damaged] and [the item|the {product}|everything] inside [is broken|is ruined|is damaged]",
        "[It|The {product}] [doesn't work|won't turn on|is dead|is defective] [straight out of the box|on arrival|since it arrived]",
    ],
    "wrong_item": [
        f"[I received|I got|You sent me|You shipped] [the wrong item|a different product|the wrong {{product}}|something I didn't order] [in|for] {_ORD}",
        "[This is not|That's not|It isn't] what I [ordered|bought|paid for]",
        "[The wrong size|The wrong colour|A different model|Someone else's item] [arrived|came|was in the box|was delivered]",
        "[I ordered|I bought] [a {product}|the black one|size M] [but|and] [received|got] [something else|a different item|the white one|size XL]",
    ],
    "check_payment_methods": [
        "[What|Which] [payment methods|payment options|ways to pay|cards] [do you accept|do you take|are accepted|can I use]?",
        "[Can I|Is it possible to|Do you let me] pay [with|by|using] [PayPal|Apple Pay|Google Pay|bank transfer|cash on delivery|a gift card|Klarna|crypto]?",
        "[Do you accept|Do you take|Is] [Amex|Mastercard|Visa|debit cards|PayPal] [accepted|]?",
        "[How can I|In which ways can I] pay for [my order|an order|a purchase]?",
    ],
    "payment_issue": [
        "[My payment|My card|The transaction|The payment] [was declined|keeps failing|was rejected|didn't go through|failed]",
        "[I can't|I'm unable to|I couldn't] [pay|complete the payment|check out|finish my purchase] [with my card|with PayPal|on your site]",
        "[Error|An error|A problem] [at checkout|during payment|when paying|with the payment page]",
        "[Checkout|Payment] [fails|keeps failing|gives an error|won't work] [when I enter my card|every time|with my Visa]",
    ],
    "double_charge": [
        "[I was|I've been|You] [charged|billed|debited] [twice|two times|double|three times] for [{order}|one order|the same order|a single purchase]",
        "[My card|My bank statement|My account] shows [two|duplicate|double] [charges|payments|transactions] [of {amount}|for one order|]",
        "[There is|I see|I found] a [duplicate|double|second] [charge|payment] [for|on] [{order}|my order|the same purchase]",
        "[Why|How come] [was I|did you] [charge|charged] [me|] [{amount}|] [twice|two times]?",
    ],
    "change_payment_method": [
        f"[Change|Switch|Update] the [payment method|card|payment] [on|for|of] {_ORD}",
        f"[Can I|I want to|I'd like to] pay [for|] {_ORD} [with|using] [another card|PayPal|my gift card|a different method] [instead|]",
        "[Use|Charge] [my other card|my gift card|PayPal|a different card] [for|on] [my pending order|{order}|the order] [instead|please|]",
    ],
    "check_invoice": [
        "[I have a question|Question|I'm confused] about [my invoice|my bill|the invoice for {order}|a charge on my invoice]",
        "[The|My] [invoice|bill] [shows|has|lists] [{amount}|an extra fee|the wrong total|a charge I don't understand]",
        "[Why does|How come] my [invoice|bill] [include|show|have] [{amount}|a shipping fee|tax|an extra line]?",
        "[Can you|Please] [explain|check|review|go over] [my invoice|the amounts on my bill|the invoice details]",
    ],
    "get_invoice": [
        f"[Send|Email|Forward|Give] me the [invoice|receipt|bill] for {_ORD}",
        "[I need|I'd like|Can I get] [a copy of|] [my invoice|my receipt|an invoice|a VAT invoice] [for {order}|for my last order|please|]",
        "[Where can I|How do I] [download|find|get|print] [my invoice|the receipt|an invoice] [for my order|for {order}|]?",
    ],
    "apply_coupon": [
        "[My|The] [coupon|discount code|promo code|voucher|gift code] [isn't working|doesn't work|was rejected|says invalid|won't apply]",
        "[How|Where] do I [use|enter|apply|redeem] [a coupon|my discount code|a promo code|my voucher]?",
        "[I forgot to|I didn't] [apply|use|add] my [coupon|discount|promo code] [to|on] [{order}|my order|my purchase], can you [add it|apply it now]?",
        "[Can I|Is it possible to] [use|combine|stack] [two|multiple] [coupons|promo codes|discounts] [on one order|together]?",
    ],
    "product_info": [
        "[What|Which] [material|fabric|size|sizes|colours|features|dimensions] [is|does|do] the {product} [made of|have|come in]?",
        "[Is|Does] the {product} [waterproof|machine washable|compatible with Android|come with a case|include batteries|work with iPhone]?",
        "[Tell me|Can you tell me|I want to know] [more|the specs|the details|the features] [about|of] the {product}",
        "[How big|How heavy|How long] is the {product}?",
        "[What's|What is] the [battery life|capacity|weight|warranty period|difference between models] of the {product}?",
    ],
    "check_stock": [
        "[Is|Are] the {product} [in stock|available|sold out|back in stock]?",
        "[Do you have|Have you got] [the {product}|any {product}s|the {product} in size L|the {product} in black] [in stock|available|left]?",
        "[When will|Will] the {product} be [available|back in stock|restocked] [again|soon|]?",
        "[The {product}|This item] [says|shows] [out of stock|unavailable|sold out], [when|will] [is it coming back|you get more]?",
    ],
    "price_inquiry": [
        "[How much|What] [is|does|will] the {product} [cost|costs|price|]?",
        "[What's|What is|Tell me] the [price|cost] of the {product} [in blue|in size M|with shipping|]",
        "[Is|Will] the {product} [on sale|discounted|cheaper] [soon|right now|next week|]?",
        "[Why did|How come] the price of the {product} [go up|change|increase]?",
    ],
    "warranty_claim": [
        "[My|The] {product} [stopped working|broke|died|failed] after [a few weeks|three months|half a year|some use], [is it covered|can I claim warranty|what now]?",
        "[I want to|I'd like to|How do I] [make|file|submit] a warranty [claim|request] for [my|the] {product}",
        "[How long|What] is the [warranty|guarantee] [on|for] the {product}?",
        "[Does|Will] the warranty cover [a broken screen|a dead battery|a faulty motor|this defect]?",
        "[Repair|Replace|Fix] my {product} under [warranty|guarantee], it [stopped|quit] working",
    ],
    "create_account": [
        "[How do I|How can I|I want to|Help me] [create|open|make|set up] [an account|a new account|a profile|a customer account]",
        "[Sign me up|Register me|I'd like to register|I want to sign up] [please|for an account|on your site|]",
        "[Where|How] do I [register|sign up|join] [on your website|for your shop|]?",
    ],
    "delete_account": [
        "[Delete|Close|Remove|Erase|Deactivate] my account [please|permanently|and all my data|]",
        "[I want to|I'd like to|How do I] [delete|close|cancel|remove] my [account|profile|customer account]",
        "[Please erase|Remove] [my personal data|all my information] and [close|delete] my account",
    ],
    "edit_account": [
        "[How do I|How can I|I want to|I need to] [change|update|edit|correct] my [email|email address|phone number|name|profile details|contact details] [on my account|]",
        "[Update|Change|Edit] [the name|the email|the phone number|my details] [on|in] my [account|profile]",
        "[My|The] [email|phone number|surname] [on my account|in my profile] is [wrong|outdated|old], [please update it|how do I fix it]",
    ],
    "switch_account": [
        "[How do I|Can I|I want to] [switch|change|move|upgrade|downgrade] [to|between] [my other account|a business account|the premium account|the free plan|accounts]",
        "[Switch|Change|Convert] my account [to|into] [a business account|the Pro account|a personal account|the standard tier]",
        "[I have|I've got] two accounts, [how do I|can I] [switch between them|change to the other one]?",
    ],
    "recover_password": [
        "[I forgot|I can't remember|I lost] my password[, help| please help|, how do I reset it|]",
        "[How do I|How can I|Help me] [reset|recover|change] my [forgotten password|password|lost password]?",
        "[The|My] [password reset|reset] [email|link] [never arrived|didn't come|expired|isn't working]",
        "[Send me|I need] a [new|] [password reset link|reset email|password reset]",
    ],
    "registration_problems": [
        "[I get|I'm getting|There is] an error [when I try to|while trying to|as I] [sign up|register|create my account]",
        "[Registration|Sign up|Signing up|The registration form] [fails|keeps failing|doesn't work|won't submit]",
        "[I can't|I'm unable to] [finish|complete] [registration|signing up|the sign-up] [because of an error|, it says something went wrong|]",
        "[I never got|No] [verification|confirmation|activation] email [after signing up|after registering|for my registration]",
    ],
    "login_issue": [
        "[I can't|I cannot|I'm unable to] [log in|sign in|access my account] [although|even though] my password is [correct|right]",
        "[My account is|I'm] [locked|locked out|blocked|suspended] [after too many attempts|and can't log in|]",
        "[The|My] [2FA|two-factor|verification] code [never arrives|doesn't come|isn't accepted] [when I log in|at login|]",
        "[Login|Signing in|The login page] [fails|gives an error|keeps looping|won't work] [with my correct details|every time|]",
    ],
    "newsletter_subscription": [
        "[Unsubscribe|Remove] me from [your newsletter|your mailing list|marketing emails|promotional emails]",
        "[Stop|Quit] sending me [emails|newsletters|promotions|marketing messages]",
        "[How do I|I want to|I'd like to] [subscribe to|sign up for|join] [your newsletter|the mailing list|your promotions]",
        "[How do I|Where can I] [opt out of|unsubscribe from] [the newsletter|marketing emails|your emails]?",
    ],
    "cancel_subscription": [
        "[Cancel|End|Stop|Terminate] my [membership|subscription|premium plan|monthly plan|recurring plan]",
        "[How do I|I want to|I'd like to] [cancel|stop|end|turn off] [my subscription|the auto-renewal|my membership|the monthly charge]",
        "[Don't|Do not|Please don't] [renew|charge me again for] my [membership|subscription|plan]",
        "[You keep|You are still] charging me [{amount}|monthly|every month] for [a subscription|my membership], [cancel it|stop it]",
    ],
    "app_crash": [
        "[The|Your] [app|mobile app|website|site|iOS app|Android app] [crashes|keeps crashing|freezes|closes|shows an error] [when I open it|at checkout|on my phone|every time]",
        "[I get|There is|I see] [an error page|a blank screen|an error message|a crash] [when I|whenever I|if I] [open my cart|click checkout|log in|open the app]",
        "[The app|The site] [froze|crashed|stopped responding] and [won't start|won't open|I lost my cart]",
    ],
    "connectivity_issue": [
        "[Your|The] [site|website|app|page] [won't load|doesn't load|keeps timing out|is not loading|is down]",
        "[The app|I] [keeps losing|lost|can't get a] connection [to your servers|to the site|]",
        "[Is|Are] [your site|your website|your servers|the app] down [right now|today|]?",
        "[I can't|I cannot|Unable to] [reach|connect to|open|access] [your website|the site|the app] [at all|from my network|]",
    ],
    "complaint": [
        "[I want to|I'd like to|How do I] [file|make|lodge|submit] a [complaint|formal complaint]",
        "[I am|I'm] [very|extremely|really] [unhappy|disappointed|dissatisfied|upset] with [your service|your company|your staff|the way I was treated]",
        "[Your service|Your support|This company] is [terrible|awful|the worst|a disgrace]",
        "[I want to|I need to] complain about [your staff|your service|my experience|the way you handled this]",
    ],
    "review": [
        "[I want to|I'd like to|How do I|Where can I] [leave|write|post|submit] a [review|rating|feedback] [for|about|on] [the {product}|my purchase|your store|the product]",
        "[Where|How] can I [rate|review|give feedback on] [my order|the {product}|your service]?",
        "[I have|I've got|Here is some] [feedback|a suggestion|an opinion] [for your team|about your shop|on my purchase]",
    ],
    "contact_customer_service": [
        "[How do I|How can I|What's the best way to] [contact|reach|get in touch with|call] [customer service|support|your team|you]?",
        "[What are|When are] your [support|customer service|opening|business] hours?",
        "[What is|What's|Give me] your [phone number|support email|contact number|email address]",
        "[Do you have|Is there] [live chat|a phone line|a hotline|an email] for [support|customer service|help]?",
    ],
    "contact_human_agent": [
        "[I want to|I need to|Let me|Can I] [talk to|speak to|speak with|chat with] [a human|a real person|an agent|a representative|someone real]",
        "[Connect|Transfer|Put] me [to|through to|with] [a human|an agent|a real person|a live representative]",
        "[I don't want|No more|Stop with the] [a bot|the bot|automated answers], [get me|give me|I want] a [human|person|real agent]",
        "[Human|Agent|Representative|Real person] [please|now|]",
    ],
}

EXTRA_TRAIN_OUT_OF_SCOPE: list[str] = [
    "[What's|How's|Tell me] the weather [today|tomorrow|this weekend|in Berlin]",
    "[Tell me|Do you know|Say] [a joke|a riddle|a fun fact|something funny]",
    "[Who won|What was the score of] the [match|game|election|race] [yesterday|last night|on Sunday]?",
    "[Can you|Please] [book|reserve|find] [a flight|a hotel|a taxi|a table|concert tickets] [for me|for tomorrow|]",
    "[How do I|What's the best way to] [cook|bake|make] [rice|bread|lasagna|pancakes]?",
    "[What is|Who is|Where is] [the capital of Peru|the tallest building|Einstein|the Eiffel Tower]?",
    "[Help me|Can you help me] with [my homework|my tax return|my resume|my math exam|my car insurance]",
    "[My phone company|My bank|My landlord|My gym|My internet provider] [overcharged me|won't answer|is terrible], [what do I do|help]",
]
