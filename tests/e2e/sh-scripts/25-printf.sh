# printf formats
printf '%d|%5d|%-5d|%05d\n' 42 42 42 42
printf '%s|%8s|%-8s|\n' abc abc abc
printf '%x %X %o %c %%\n' 255 255 8 z
printf '%s\n' one two three
printf 'no newline'
printf '\n%s=%d\n' answer 42
printf 'tab\there\\n\n'
