# case with alternatives, classes, ? and *
for w in apple Banana cherry 42 x a.b ''; do
	case $w in
	apple|pear) echo "$w: pome" ;;
	[A-Z]*) echo "$w: capitalised" ;;
	[0-9][0-9]) echo "$w: two digits" ;;
	?) echo "$w: one char" ;;
	*.*) echo "$w: dotted" ;;
	'') echo "empty" ;;
	*) echo "$w: other" ;;
	esac
done
case "a b" in "a b") echo quoted match ;; esac
case foo in f*) echo first ;; fo*) echo second ;; esac
